// What the reliability tests ask of a running Envoy beyond the harness: readiness on every worker (each
// worker thread has its own VM, which learns the IdP's metadata on its own), which worker served how many
// connections, whether a VM trapped, and a place to write the figures the tests measure.
import { appendFileSync } from "node:fs";
import { startEnvoy, type RunningEnvoy, type PluginConfig } from "../harness/envoy.ts";
import { rawRequest, NAVIGATE } from "../http.ts";

/**
 * Polls (bounded) until every worker has answered a protected navigation with something other than 503,
 * on its latest try. Each probe is a new connection, and the per-worker listener counters tell which
 * worker accepted it, so a worker whose VM still lacks the IdP's metadata or keys cannot hide behind the
 * other (the kernel's choice of worker is not an even alternation). Needs a quiet gateway: no other
 * client may connect while it runs. Returns the milliseconds it took.
 */
export async function waitAllWorkersReady(envoy: RunningEnvoy, options: { path?: string; timeoutMs?: number } = {}): Promise<number> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const latest = new Map<string, number>();
  for (;;) {
    const before = await connectionsPerWorker(envoy);
    const r = await rawRequest(`${envoy.url}${options.path ?? "/productpage"}`, { headers: { ...NAVIGATE, connection: "close" }, timeoutMs: 5_000 });
    const moved = Object.entries(connectionDelta(before, await connectionsPerWorker(envoy))).filter(([, n]) => n > 0);
    if (moved.length === 1) latest.set(moved[0][0], r.status);
    const workers = Object.keys(before);
    if (workers.length > 0 && workers.every((w) => latest.has(w) && latest.get(w) !== 503)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${envoy.url}: not every worker is ready after ${timeoutMs} ms (latest status per worker: ${JSON.stringify(Object.fromEntries(latest))})`);
    }
    if (r.status === 503) await new Promise((res) => setTimeout(res, 100));
  }
}

/** Downstream connections accepted so far by each worker of the gateway listener, e.g. { worker_0: 12, worker_1: 9 }. */
export async function connectionsPerWorker(envoy: RunningEnvoy): Promise<Record<string, number>> {
  const stats = await envoy.stats(`listener.127.0.0.1_${envoy.port}.worker_`);
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(stats)) {
    const m = /\.(worker_\d+)\.downstream_cx_total$/.exec(name);
    if (m) out[m[1]] = value;
  }
  return out;
}

/** Per-worker difference between two connectionsPerWorker() readings. */
export function connectionDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [worker, n] of Object.entries(after)) out[worker] = n - (before[worker] ?? 0);
  return out;
}

/**
 * Signs of a VM that trapped or aborted: anything Envoy logs at critical level, the V8 trap format
 * ("Uncaught RuntimeError"), a failed plugin callback, proc_exit (AssemblyScript's abort here). The
 * plugin's own error lines ("wasm log oidc-sso ...") are expected under faults and are not traps.
 */
export function trapLines(log: string): string[] {
  return log.split("\n").filter((l) =>
    /\]\[critical\]/.test(l) || /Uncaught|RuntimeError|Function: \S+ failed|proc_exit|\babort(ed)?\b|Wasm VM failed|wasm_fail/i.test(l));
}

/** VM counters: a trap makes Envoy create or reload a VM, so these must not move while a test runs. */
export async function vmCounters(envoy: RunningEnvoy): Promise<{ created: number; reloads: number }> {
  const stats = await envoy.stats("wasm");
  const reloads = Object.entries(stats).filter(([k]) => /\.vm_reload(_success|_failure)?$/.test(k)).reduce((a, [, v]) => a + v, 0);
  return { created: stats["wasm.envoy.wasm.runtime.v8.created"] ?? 0, reloads };
}

/** Thread ids of the log lines matching `pattern` (Envoy's default format: "[date][thread][level][component]"). */
export function threadsLogging(log: string, pattern: RegExp): Set<string> {
  const threads = new Set<string>();
  for (const line of log.split("\n")) {
    if (!pattern.test(line)) continue;
    const m = /^\[[^\]]+\]\[(\d+)\]/.exec(line);
    if (m) threads.add(m[1]);
  }
  return threads;
}

/** The part of the log written after `marker` characters (take envoy.logs().length as a marker). */
export function logSince(envoy: RunningEnvoy, marker: number): string {
  return envoy.logs().slice(marker);
}

/**
 * Appends one measured figure set to the file named by RELIABILITY_REPORT (JSON lines), which
 * scripts/reliability.ts turns into the table of docs/reliability.md. Without the variable: nothing.
 */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  const file = process.env.RELIABILITY_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), ...figures })}\n`);
}

/** A positive integer from the environment, or the default. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * The reliability tests' Envoy: `workers` worker threads (one VM each), the IdP reached only through the
 * faulty proxy on `proxyPort`, RELIABILITY_WASM honoured; returns once every worker knows the IdP.
 */
export async function startGatewayBehindProxy(o: { listenerPort: number; backendPort: number; proxyPort: number;
  pluginConfig: PluginConfig; workers: number }): Promise<RunningEnvoy> {
  const envoy = await startEnvoy({
    pluginConfig: o.pluginConfig,
    ports: { listener: o.listenerPort, backend: o.backendPort, idp: o.proxyPort },
    concurrency: o.workers,
    wasmPath: process.env.RELIABILITY_WASM || undefined,
  });
  await waitAllWorkersReady(envoy);
  return envoy;
}

/** Stops what a test file started, in order, skipping what never started. */
export async function stopAll(...things: ({ stop(): Promise<void> } | undefined)[]): Promise<void> {
  for (const t of things) await t?.stop();
}
