// `npm run bench`: what the filter costs per request, against Envoy passthrough and Envoy's native OAuth2
// filter, on ONE real Envoy (bench/topology.ts) with --concurrency 1 pinned to one CPU and wrk pinned to
// the other (this process too, with the IdPs it hosts, so nothing of ours competes with Envoy's core).
//
//   1. start oidc-provider, the stub IdP and Envoy; log in on (b) and on (c) through their own logins;
//   2. alternate (a), (b), (c) and the floor (f: an empty filter on the same glue, bench/noop; --no-floor
//      leaves it out) for --runs rounds: a throughput run (wrk, --connections, --duration) and a latency
//      run (one connection, --latency-duration; 0 skips them), rotating which listener goes first;
//   3. time --logins logins through (d) against the instant stub IdP (bench/login-cost.ts);
//   4. memory: admin /memory "allocated" and RSS before, after the runs, once (c) has served --soak
//      requests in all, and after --baseline-soak more through (a) (Envoy's own growth, for comparison);
//      both soaks stop early when the whole run would exceed --budget seconds (the result says so);
//   5. print the table and write bench/results/latest.json and latest.svg.
//
//   node --import tsx bench/run.ts [--runs 5] [--duration 3] [--latency-duration 1] [--connections 16]
//     [--soak 1000000] [--baseline-soak 100000] [--logins 200] [--budget 260] [--no-floor] [--probes]
//     [--variant name=module.wasm]... [--wasm build/oidc-sso.wasm] [--envoy-cpu 0] [--wrk-cpu 1]
//     [--out bench/results] [--no-write]
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { envoyBinary } from "../tests/e2e/harness/envoy.ts";
import { startBench, type Bench } from "./setup.ts";
import { requireWrk, runWrk, WRK, BROWSER_HEADERS, type WrkResult } from "./wrk.ts";
import { measureLoginCost, type LoginCost } from "./login-cost.ts";
import { summarize, printReport, writeResults, median, type BenchReport, type MemoryPoint } from "./report.ts";
import { buildFloorModule, buildProbeModules } from "./floor.ts";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    duration: { type: "string", default: "3" },
    "latency-duration": { type: "string", default: "1" },
    connections: { type: "string", default: "16" },
    soak: { type: "string", default: "1000000" },
    "baseline-soak": { type: "string", default: "100000" },
    logins: { type: "string", default: "200" },
    budget: { type: "string", default: "260" },
    "no-floor": { type: "boolean", default: false },
    probes: { type: "boolean", default: false },
    variant: { type: "string", multiple: true, default: [] },
    wasm: { type: "string", default: `${root}build/oidc-sso.wasm` },
    "envoy-cpu": { type: "string", default: "0" },
    "wrk-cpu": { type: "string", default: "1" },
    out: { type: "string", default: `${root}bench/results` },
    "no-write": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const durationS = Number(values.duration);
const latencyS = Number(values["latency-duration"]);
const connections = Number(values.connections);
const soakTarget = Number(values.soak);
const baselineSoak = Number(values["baseline-soak"]);
const wasmPath = values.wasm!;
const envoyCpus = values["envoy-cpu"]!;
const wrkCpus = values["wrk-cpu"]!;
const budgetS = Number(values.budget);
/** Seconds kept for the teardown and the report after the soaks. */
const RESERVE_S = 8;

const started = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

requireWrk();
if (!existsSync(wasmPath)) throw new Error(`${wasmPath} does not exist: npm run build -- filter`);
// This process (and the IdPs it hosts) runs on wrk's CPU, never on Envoy's.
execFileSync("taskset", ["-a", "-p", "-c", wrkCpus, String(process.pid)], { stdio: "ignore" });

const extra: Record<string, string> = {};
if (!values["no-floor"]) extra.floor = await buildFloorModule(root);
// --probes: the floor plus one kind of host work each (bench/probes/probe.ts), to split (c) − floor.
if (values.probes) Object.assign(extra, await buildProbeModules(root));
for (const v of values.variant ?? []) {
  const [name, path] = v.split("=");
  if (!name || !path || !existsSync(path)) throw new Error(`--variant ${v}: expected name=existing.wasm`);
  extra[name] = path;
}

log(`starting: Envoy on CPU ${envoyCpus}, wrk on CPU ${wrkCpus}; ${wasmPath}`);
const bench: Bench = await startBench({ envoyCpus, wasmPath, extra });
const targets: Record<string, { url: string; cookie: string }> = {
  a: { url: bench.urls.a, cookie: bench.cookies.a },
  b: { url: bench.urls.b, cookie: bench.cookies.b },
  c: { url: bench.urls.c, cookie: bench.cookies.c },
};
for (const [name, url] of Object.entries(bench.extraUrls)) targets[name] = { url, cookie: bench.cookies.c };
const keys = Object.keys(targets);
const served: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
const memory: MemoryPoint[] = [];
const snapshot = async (label: string) => {
  memory.push({
    label, cRequests: served.c, aRequests: served.a,
    allocatedBytes: await bench.envoy.memoryBytes(), rssBytes: bench.envoy.rssBytes(),
  });
};

const load = async (key: string, conns: number, seconds: number): Promise<WrkResult> => {
  const r = await runWrk({ url: `${targets[key].url}/productpage`, cookie: targets[key].cookie, connections: conns, durationS: seconds, cpus: wrkCpus, envoyPid: bench.envoyPid });
  served[key] += r.requests;
  if (r.non2xx > 0 || r.socketErrors > 0) log(`  ${key}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
  return r;
};

const runsOf: Record<string, { throughput: WrkResult[]; latency: WrkResult[] }> = Object.fromEntries(keys.map((k) => [k, { throughput: [], latency: [] }]));
let report: BenchReport | undefined;
try {
  log(`logged in on (b) and (c); warming up ${keys.join(", ")}`);
  for (const k of keys) await load(k, connections, 2);
  await snapshot("after warm-up");

  for (let round = 0; round < runs; round++) {
    const order = keys.map((_, i) => keys[(i + round) % keys.length]);
    for (const k of order) runsOf[k].throughput.push(await load(k, connections, durationS));
    if (latencyS > 0) for (const k of order) runsOf[k].latency.push(await load(k, 1, latencyS));
    log(`round ${round + 1}/${runs}: ${order.map((k) => `${k} ${runsOf[k].throughput.at(-1)!.rps.toFixed(0)} req/s`).join(", ")}`);
  }
  await snapshot("after the runs");

  log(`per-login cost: ${values.logins} logins through (d)`);
  const login: LoginCost = await measureLoginCost(bench.urls.d, bench.urls.a, bench.envoyPid, Number(values.logins));

  // Soak (c) until it has served soakTarget requests in all, then (a) for baselineSoak more; bounded in
  // rounds, and in time by the budget (time for the (a) soak is kept back while (c) runs).
  const cRate = median(runsOf.c.throughput.map((r) => r.rps));
  const aRate = median(runsOf.a.throughput.map((r) => r.rps));
  const left = () => budgetS - RESERVE_S - (Date.now() - started) / 1000;
  const aSeconds = Math.ceil(baselineSoak / aRate);
  for (let i = 0; i < 20 && served.c < soakTarget; i++) {
    const seconds = Math.min(30, Math.ceil((soakTarget - served.c) / cRate), Math.floor(left() - aSeconds));
    if (seconds < 1) break;
    await load("c", connections, seconds);
    const mib = (b: number) => (b / 1048576).toFixed(1);
    log(`soak: (c) has served ${served.c} requests; Envoy allocated ${mib(await bench.envoy.memoryBytes())} MiB, RSS ${mib(bench.envoy.rssBytes())} MiB`);
  }
  await snapshot(`after (c) served ${served.c}`);
  const aTarget = served.a + baselineSoak;
  const aBefore = served.a;
  for (let i = 0; i < 10 && served.a < aTarget; i++) {
    const seconds = Math.min(30, Math.ceil((aTarget - served.a) / aRate), Math.floor(left()));
    if (seconds < 1) break;
    await load("a", connections, seconds);
  }
  await snapshot(`after ${served.a - aBefore} more through (a)`);

  const results = Object.fromEntries(keys.map((k) => [k, summarize(runsOf[k].throughput, runsOf[k].latency)]));
  const [a, b, c] = [results.a, results.b, results.c];
  const wasmBytes = statSync(wasmPath).size;
  const envoyVersion = /\/(\d+\.\d+\.\d+)\//.exec(execFileSync(envoyBinary(), ["--version"]).toString())?.[1] ?? "?";
  const wrkHeaders = Object.entries(BROWSER_HEADERS).map(([k, v]) => `-H '${k}: ${v}'`).join(" ");
  report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "?", loadAverage: loadavg(), envoyCpus, wrkCpus },
    settings: {
      runs, durationS, latencyS, connections, soak: soakTarget, soakReached: served.c, baselineSoak, budgetS,
      logins: Number(values.logins), backend: "direct_response listener in the same Envoy",
    },
    commands: [
      `node --import tsx bench/run.ts ${process.argv.slice(2).join(" ")}`.trim(),
      `taskset -c ${wrkCpus} ${WRK} -t1 -c${connections} -d${durationS}s --timeout 5s -s bench/wrk-report.lua ${wrkHeaders} -H 'Cookie: <session of the listener>' http://127.0.0.1:<port>/productpage`,
      `taskset -c ${wrkCpus} ${WRK} -t1 -c1 -d${latencyS}s ... (latency runs, same headers)`,
    ],
    envoyVersion,
    wasm: { path: wasmPath.replace(root, ""), bytes: wasmBytes },
    results,
    runs: runsOf,
    ratios: {
      cOverA: c.rps / a.rps, cOverB: c.rps / b.rps, addedP50Us: c.p50Us - a.p50Us,
      addedCpuUs: c.cpuUs - a.cpuUs, nativeAddedCpuUs: b.cpuUs - a.cpuUs,
    },
    memory,
    login,
    targets: {
      throughputVsPassthrough: { value: c.rps / a.rps, target: 0.9, met: c.rps / a.rps >= 0.9 },
      throughputVsNative: { value: c.rps / b.rps, target: 1.0, met: c.rps / b.rps >= 1.0 },
      addedP50Us: { value: c.p50Us - a.p50Us, target: 20, met: c.p50Us - a.p50Us <= 20 },
      // "150 KB" read strictly: 150,000 bytes (150 KiB would allow 153,600).
      wasmBytes: { value: wasmBytes, target: 150_000, met: wasmBytes <= 150_000 },
    },
    durationS: (Date.now() - started) / 1000,
  };
} finally {
  await bench.stop();
}
console.log(`\n${printReport(report!)}`);
if (!values["no-write"]) {
  await writeResults(values.out!, report!);
  console.log(`wrote ${values.out}/latest.json and latest.svg`);
}
