// A fuzzing worker thread (scripts/fuzz.ts starts them): compiles the module once, then runs the
// jobs it is sent, one surface batch each, and posts each batch's statistics back.
import { parentPort, workerData } from "node:worker_threads";
import { compileModule } from "./scenario.ts";
import { fuzzSurface, type SurfaceStats } from "./runner.ts";
import { surfaceByName } from "./surfaces.ts";
import type { Job } from "./plan.ts";

export type FromWorker = { kind: "ready" } | { kind: "done"; job: Job; stats: SurfaceStats } | { kind: "log"; line: string };

const { wasm, corpusDir, minimizeSeconds } = workerData as { wasm: string; corpusDir: string | null; minimizeSeconds: number };
const { module } = await compileModule(wasm);
const port = parentPort!;
port.on("message", (job: Job | null) => {
  if (job === null) { port.close(); return; }
  const stats = fuzzSurface(module, surfaceByName(job.surface), job.count, job.seed, {
    corpusDir, minimizeSeconds, log: (line) => port.postMessage({ kind: "log", line } satisfies FromWorker),
  });
  port.postMessage({ kind: "done", job, stats } satisfies FromWorker);
});
port.postMessage({ kind: "ready" } satisfies FromWorker);
