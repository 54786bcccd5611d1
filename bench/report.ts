// Turns the runs into the printed table, bench/results/latest.json and the chart beside it.
import { writeFileSync, mkdirSync } from "node:fs";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { WrkResult } from "./wrk.ts";
import type { LoginCost } from "./login-cost.ts";

export const LABELS: Record<string, string> = {
  a: "(a) passthrough",
  b: "(b) native oauth2",
  c: "(c) oidc-sso.wasm",
  floor: "(f) empty wasm filter",
};

export function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function quartile1(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 4)];
}

export interface Summary {
  runs: number;
  rps: number;
  rpsMin: number;
  rpsMax: number;
  /** Envoy CPU µs per request, median over the throughput runs (and the least and first quartile: a busy machine only adds). */
  cpuUs: number;
  cpuUsMin: number;
  cpuUsQ1: number;
  /** Latency under load (throughput runs), medians of each run's percentile. */
  loadedP50Us: number;
  loadedP99Us: number;
  /** Latency of one connection at a time (latency runs): the time a request spends, without queueing. */
  p50Us: number;
  p99Us: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
}

export function summarize(throughput: WrkResult[], latency: WrkResult[]): Summary {
  const rps = throughput.map((r) => r.rps);
  const all = [...throughput, ...latency];
  return {
    runs: throughput.length,
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    cpuUs: median(throughput.map((r) => r.envoyCpuUsPerRequest)),
    cpuUsMin: Math.min(...throughput.map((r) => r.envoyCpuUsPerRequest)),
    cpuUsQ1: quartile1(throughput.map((r) => r.envoyCpuUsPerRequest)),
    loadedP50Us: median(throughput.map((r) => r.p50Us)),
    loadedP99Us: median(throughput.map((r) => r.p99Us)),
    p50Us: latency.length ? median(latency.map((r) => r.p50Us)) : NaN,
    p99Us: latency.length ? median(latency.map((r) => r.p99Us)) : NaN,
    requests: all.reduce((s, r) => s + r.requests, 0),
    non2xx: all.reduce((s, r) => s + r.non2xx, 0),
    socketErrors: all.reduce((s, r) => s + r.socketErrors, 0),
  };
}

export interface MemoryPoint { label: string; cRequests: number; aRequests: number; allocatedBytes: number; rssBytes: number }

export interface Targets {
  throughputVsPassthrough: { value: number; target: number; met: boolean };
  throughputVsNative: { value: number; target: number; met: boolean };
  addedP50Us: { value: number; target: number; met: boolean };
  wasmBytes: { value: number; target: number; met: boolean };
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; model: string; loadAverage: number[]; envoyCpus: string; wrkCpus: string };
  settings: Record<string, unknown>;
  commands: string[];
  envoyVersion: string;
  wasm: { path: string; bytes: number };
  results: Record<string, Summary>;
  runs: Record<string, { throughput: WrkResult[]; latency: WrkResult[] }>;
  ratios: { cOverA: number; cOverB: number; addedP50Us: number; addedCpuUs: number; nativeAddedCpuUs: number };
  memory: MemoryPoint[];
  login: LoginCost | null;
  targets: Targets;
  durationS: number;
}

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

export function printReport(r: BenchReport): string {
  const lines: string[] = [];
  const keys = Object.keys(r.results);
  lines.push(`${"".padEnd(24)} ${"req/s".padStart(8)} ${"(min-max)".padStart(15)} ${"CPU µs/req".padStart(11)} ${"(min/q1)".padStart(13)} ${"p50 µs".padStart(8)} ${"p99 µs".padStart(8)} ${"loaded p50".padStart(11)} ${"loaded p99".padStart(11)}`);
  for (const k of keys) {
    const s = r.results[k];
    lines.push(`${(LABELS[k] ?? k).padEnd(24)} ${f0(s.rps).padStart(8)} ${`(${f0(s.rpsMin)}-${f0(s.rpsMax)})`.padStart(15)} ${f1(s.cpuUs).padStart(11)} ${`(${f0(s.cpuUsMin)}/${f0(s.cpuUsQ1)})`.padStart(13)} ${f0(s.p50Us).padStart(8)} ${f0(s.p99Us).padStart(8)} ${f0(s.loadedP50Us).padStart(11)} ${f0(s.loadedP99Us).padStart(11)}`);
  }
  const t = r.targets;
  const mark = (m: boolean) => (m ? "met" : "MISSED");
  lines.push("");
  lines.push(`c/a throughput ${f2(r.ratios.cOverA)} (target ≥ ${t.throughputVsPassthrough.target}: ${mark(t.throughputVsPassthrough.met)})`);
  lines.push(`c/b throughput ${f2(r.ratios.cOverB)} (target ≥ ${t.throughputVsNative.target}: ${mark(t.throughputVsNative.met)})`);
  lines.push(`added p50 latency c−a ${f1(r.ratios.addedP50Us)} µs (target ≤ ${t.addedP50Us.target}: ${mark(t.addedP50Us.met)}); Envoy CPU per request c−a ${f1(r.ratios.addedCpuUs)} µs, b−a ${f1(r.ratios.nativeAddedCpuUs)} µs`);
  lines.push(`release .wasm ${r.wasm.bytes} bytes = ${f1(r.wasm.bytes / 1000)} KB (target ≤ 150 KB = 150,000 bytes: ${mark(t.wasmBytes.met)})`);
  if (r.login) {
    const l = r.login;
    lines.push(`per login (${l.logins} through Envoy, stub IdP): ${f2(l.wallMsPerLogin)} ms wall; Envoy CPU ${f0(l.envoyCpuUsPerLogin)} µs = redirect ${f0(l.envoyCpuUsPerRedirect)} + callback ${f0(l.envoyCpuUsPerCallback)} (token call, RS256, sealing); a plain request by the same client costs ${f0(l.envoyCpuUsPerPlainRequest)}, so the filter adds ${f0(l.envoyCpuUsPerLogin - 2 * l.envoyCpuUsPerPlainRequest)} per login, ${f0(l.envoyCpuUsPerCallback - l.envoyCpuUsPerPlainRequest)} of it in the callback`);
  }
  const soak = r.settings as { soak: number; soakReached: number; budgetS: number };
  if (soak.soakReached < soak.soak) {
    lines.push(`soak stopped at ${soak.soakReached} requests through (c), short of ${soak.soak}: the ${soak.budgetS} s budget ran out (a slower or busier machine)`);
  }
  for (const m of r.memory) {
    lines.push(`memory ${m.label.padEnd(34)} c=${String(m.cRequests).padStart(8)} a=${String(m.aRequests).padStart(8)}  allocated ${f1(m.allocatedBytes / 2 ** 20)} MiB  RSS ${f1(m.rssBytes / 2 ** 20)} MiB`);
  }
  lines.push(`errors: ${keys.map((k) => `${k} non-2xx ${r.results[k].non2xx}, socket ${r.results[k].socketErrors}`).join("; ")}`);
  lines.push(`took ${f0(r.durationS)} s`);
  return lines.join("\n");
}

/** Three panels per listener: throughput (median, min-max), Envoy CPU per request, one-connection latency. */
export async function chartSvg(r: BenchReport): Promise<string> {
  const rows = Object.entries(r.results).map(([k, s]) => ({ listener: LABELS[k] ?? k, ...s }));
  const latency = rows.flatMap((x) => [
    { listener: x.listener, percentile: "p50", us: x.p50Us },
    { listener: x.listener, percentile: "p99", us: x.p99Us },
  ]);
  const spec: vegaLite.TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `oidc-sso per request, ${r.date.slice(0, 10)} (Envoy ${r.envoyVersion}, 1 worker)`,
    hconcat: [
      {
        title: "req/s (median, min-max)",
        data: { values: rows },
        width: 220,
        height: 180,
        layer: [
          { mark: "bar", encoding: { y: { field: "listener", type: "nominal", title: null }, x: { field: "rps", type: "quantitative", title: "req/s" } } },
          { mark: { type: "rule", color: "black" }, encoding: { y: { field: "listener", type: "nominal" }, x: { field: "rpsMin", type: "quantitative" }, x2: { field: "rpsMax" } } },
        ],
      },
      {
        title: "Envoy CPU µs/request",
        data: { values: rows },
        width: 200,
        height: 180,
        mark: "bar",
        encoding: {
          y: { field: "listener", type: "nominal", title: null, axis: null },
          x: { field: "cpuUs", type: "quantitative", title: "µs" },
        },
      },
      {
        title: "latency µs, 1 connection",
        data: { values: latency },
        width: 220,
        height: 180,
        mark: "bar",
        encoding: {
          y: { field: "listener", type: "nominal", title: null, axis: null },
          yOffset: { field: "percentile" },
          x: { field: "us", type: "quantitative", title: "µs" },
          color: { field: "percentile", type: "nominal" },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}

export async function writeResults(dir: string, r: BenchReport): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/latest.json`, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(`${dir}/latest.svg`, await chartSvg(r));
}
