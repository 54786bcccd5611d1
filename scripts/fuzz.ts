// npm run fuzz: the full fuzzing run of the built filter under the fake host (docs/fuzzing.md).
//   npm run fuzz                                   1,000,000 inputs over every surface, 2 workers
//   npm run fuzz -- --count 50000 --workers 1      a shorter run
//   npm run fuzz -- --surfaces token,jwks          only some surfaces (the count is shared among them)
//   npm run fuzz -- --seed 1234                    reproduce a run (also FUZZ_SEED)
//   npm run fuzz -- --job token:20000:3735928559   one batch exactly as a run's log names it
//   --wasm <file> (also FUZZ_WASM), --batch <inputs per host, default 20000>, --corpus <dir>
// Prints progress, then per-surface counts, execs/s, traps, host-detected bugs and memory; exits 1
// when anything trapped or misbehaved. Crashers are minimized and saved to the corpus folder.
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { runSeed } from "../tests/host/fuzz/prng.ts";
import { SURFACES, surfaceByName } from "../tests/host/fuzz/surfaces.ts";
import { planJobs, totals, formatTable, formatOutcomes, type Job } from "../tests/host/fuzz/plan.ts";
import type { SurfaceStats } from "../tests/host/fuzz/runner.ts";
import type { FromWorker } from "../tests/host/fuzz/worker.ts";
import { WASM_DEFAULT } from "../tests/host/fuzz/scenario.ts";

const root = new URL("..", import.meta.url).pathname;
const WORKER = new URL("../tests/host/fuzz/worker.ts", import.meta.url);
const TSX_API = import.meta.resolve("tsx/esm/api");

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const count = Number(option("count") ?? 1_000_000);
const seed = option("seed") !== undefined ? Number(option("seed")) : runSeed();
const workers = Math.max(1, Number(option("workers") ?? Math.min(2, availableParallelism())));
const batch = Number(option("batch") ?? 20_000);
const wasm = option("wasm") ?? process.env.FUZZ_WASM ?? WASM_DEFAULT;
const corpusDir = option("corpus") ?? `${root}tests/host/fuzz/corpus`;
const surfaces = option("surfaces")?.split(",").map(surfaceByName) ?? SURFACES;
const single = option("job");
const jobs: Job[] = single !== undefined
  ? [(([surface, n, s]) => ({ surface, count: Number(n), seed: Number(s) }))(single.split(":"))]
  : planJobs(count, seed, batch, surfaces);
const planned = jobs.reduce((a, j) => a + j.count, 0);

const stamp = (): string => new Date().toISOString().slice(11, 19);
console.log(`fuzz: ${planned.toLocaleString("en")} inputs, seed ${seed}, ${jobs.length} batches on ${workers} worker(s), module ${wasm}`);
for (const s of surfaces) console.log(`  ${s.name.padEnd(9)} ${jobs.filter((j) => j.surface === s.name).reduce((a, j) => a + j.count, 0).toLocaleString("en").padStart(9)}  ${s.covers}`);

const started = performance.now();
const results: SurfaceStats[] = [];
const queue = [...jobs];
let done = 0;

await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, () => new Promise<void>((resolve, reject) => {
  // Node 20 does not carry tsx's loader hooks into worker threads: start each with a one-line
  // script that registers tsx in the thread, then imports the worker module.
  const boot = `import(${JSON.stringify(TSX_API)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER.href)}); })`;
  const w = new Worker(boot, { eval: true, workerData: { wasm, corpusDir, minimizeSeconds: 60 } });
  const next = (): void => w.postMessage(queue.shift() ?? null);
  w.on("message", (m: FromWorker) => {
    if (m.kind === "log") { console.log(m.line); return; }
    if (m.kind === "done") {
      results.push(m.stats);
      done += m.stats.inputs;
      const s = m.stats;
      console.log(`[${stamp()}] ${s.surface.padEnd(9)} batch of ${s.inputs} (seed ${m.job.seed}): ${Math.round(s.inputs / (s.ms / 1000))} execs/s, ` +
        `${s.traps} trap(s), ${s.bugs} bug(s), ${s.known} known, memory ${(s.memory.max / 1048576).toFixed(1)} MiB — ${done.toLocaleString("en")}/${planned.toLocaleString("en")} ` +
        `after ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    next();
  });
  w.on("error", reject);
  w.on("exit", () => resolve());
})));

const wallMs = performance.now() - started;
const rows = totals(results);
console.log(`\nHow requests ended, per surface (a coverage proxy: the filter's reason for each answer):\n${formatOutcomes(rows, Number(option("outcomes") ?? 15))}`);
console.log(`\n${formatTable(rows, wallMs)}`);
const inputs = rows.reduce((a, r) => a + r.inputs, 0);
const traps = rows.reduce((a, r) => a + r.traps, 0);
const bugs = rows.reduce((a, r) => a + r.bugs + r.harnessErrors, 0);
const known = rows.reduce((a, r) => a + r.known, 0);
console.log(`\n${inputs.toLocaleString("en")} inputs in ${(wallMs / 1000).toFixed(0)} s wall (${Math.round(inputs / (wallMs / 1000))} execs/s over ${workers} worker(s)), seed ${seed}: ` +
  `${traps} new trap(s), ${bugs} other new finding(s), ${known} input(s) hitting findings already kept in the corpus`);
for (const r of rows) for (const f of r.findings) {
  console.log(`  ${f.known ? "known " : "NEW "}${f.kind} on ${f.surface} (batch seed ${f.found.seed}, input ${f.found.input}): ${f.message}\n    ${f.file ?? "(not saved)"}${f.reproducesAlone ? "" : " (needs the inputs before it)"}`);
}
// Known findings have their own failing regression tests; only new ones fail the run.
process.exitCode = traps + bugs > 0 ? 1 : 0;
