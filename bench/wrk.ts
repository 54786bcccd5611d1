// One bounded wrk run against one listener, pinned to the load-generator CPU, with Envoy's CPU time over
// the same interval. wrk prints its summary through bench/wrk-report.lua as one JSON line.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { envoyCpuSeconds } from "./setup.ts";

export const WRK = process.env.WRK_BIN ?? "/usr/bin/wrk";
const REPORT_LUA = new URL("./wrk-report.lua", import.meta.url).pathname;

/** The headers of a logged-in browser navigation; every listener gets the same ones plus its Cookie. */
export const BROWSER_HEADERS: Record<string, string> = {
  Accept: "text/html,application/xhtml+xml",
  "Sec-Fetch-Mode": "navigate",
  "Sec-Fetch-Site": "none",
  "User-Agent": "Mozilla/5.0 (bench)",
};

export interface WrkLoad {
  url: string;
  cookie: string;
  connections: number;
  durationS: number;
  /** taskset CPU list for wrk. */
  cpus: string;
  /** Envoy's pid, to charge its CPU time to this run. */
  envoyPid: number;
}

export interface WrkResult {
  requests: number;
  durationUs: number;
  rps: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  meanUs: number;
  maxUs: number;
  non2xx: number;
  socketErrors: number;
  /** Envoy CPU time (all threads) during the run, per request. */
  envoyCpuUsPerRequest: number;
}

export function requireWrk(): void {
  if (!existsSync(WRK)) throw new Error(`${WRK} not found: apt-get install wrk (scripts/install-system.sh)`);
}

export async function runWrk(load: WrkLoad): Promise<WrkResult> {
  const args = [
    "-c", load.cpus, WRK, "-t1", `-c${load.connections}`, `-d${load.durationS}s`, "--timeout", "5s",
    "-s", REPORT_LUA, ...Object.entries({ ...BROWSER_HEADERS, Cookie: load.cookie }).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    load.url,
  ];
  const cpuBefore = envoyCpuSeconds(load.envoyPid);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("taskset", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // wrk stops itself after -d; this is only a guard against a hung run.
    const guard = setTimeout(() => child.kill("SIGKILL"), (load.durationS + 20) * 1000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(guard);
      if (code === 0) resolve(stdout);
      else reject(new Error(`wrk exited with ${code}: ${stderr}${stdout}`));
    });
  });
  const cpuAfter = envoyCpuSeconds(load.envoyPid);
  const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line) throw new Error(`wrk printed no BENCH_JSON line:\n${out}`);
  const j = JSON.parse(line.slice("BENCH_JSON ".length));
  const requests = Number(j.requests);
  return {
    requests,
    durationUs: j.duration_us,
    rps: requests / (j.duration_us / 1e6),
    p50Us: j.p50_us,
    p90Us: j.p90_us,
    p99Us: j.p99_us,
    p999Us: j.p999_us,
    meanUs: j.mean_us,
    maxUs: j.max_us,
    non2xx: j.non2xx,
    socketErrors: j.connect_errors + j.read_errors + j.write_errors + j.timeouts,
    envoyCpuUsPerRequest: requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / requests : 0,
  };
}
