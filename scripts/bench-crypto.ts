// npm run bench:crypto — time per operation of the release-optimized core (under Node's V8, the
// engine Envoy embeds) beside node:crypto (OpenSSL), and the ratio. Each module in bench/crypto/
// contributes cases. Numbers are printed, never asserted.
import { readdirSync } from "node:fs";
import { join } from "node:path";

export interface BenchCase {
  name: string;
  ours: () => void;
  node: () => void;
}

const ROOT = new URL("..", import.meta.url).pathname;
const BUDGET_MS = Number(process.env.BENCH_MS ?? 400);

/** Runs fn in growing batches until the budget is spent; returns microseconds per call. */
function timePerOp(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up, lets V8 tier up
  let calls = 0;
  let batch = 1;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < BUDGET_MS && calls < 1_000_000) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    batch = Math.min(batch * 2, 4096);
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / calls;
}

const dir = join(ROOT, "bench/crypto");
const cases: BenchCase[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
  const mod = await import(join(dir, file));
  cases.push(...(await mod.cases()));
}
const rows = cases.map((c) => {
  const ours = timePerOp(c.ours);
  const node = timePerOp(c.node);
  return { case: c.name, "ours µs/op": ours.toFixed(2), "node:crypto µs/op": node.toFixed(2), ratio: (ours / node).toFixed(2) + "×" };
});
console.table(rows);
