// The CI share of fuzzing (the full run is `npm run fuzz`, docs/fuzzing.md): a bounded number of
// random and mutated inputs on every surface, run on the BUILT filter under the fake host. Each
// input must leave the VM alive with no host-detected misuse; a canary login every 250 inputs must
// still work; linear memory must stay bounded. The seed is printed; FUZZ_SEED reproduces a run,
// FUZZ_COUNT changes the total (default 20,000). A failure prints the minimized input and saves it
// under the OS temp folder, ready to be copied to tests/host/fuzz/corpus/ as a regression case.
// Findings already kept in that corpus are counted but do not fail this test: their own named
// regression tests (fuzz-regressions.test.ts) fail until the filter is fixed.
// Run: node --import tsx --test tests/host/fuzz.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSeed } from "./fuzz/prng.ts";
import { compileModule } from "./fuzz/scenario.ts";
import { fuzzSurface } from "./fuzz/runner.ts";
import { SURFACES, shareOut } from "./fuzz/surfaces.ts";
import { jobSeed } from "./fuzz/plan.ts";

const SEED = runSeed();
const TOTAL = Number(process.env.FUZZ_COUNT ?? 20_000);
const SAVE_DIR = join(tmpdir(), `oidc-sso-fuzz-${SEED}`);
const CORPUS = new URL("./fuzz/corpus/", import.meta.url).pathname;
/** Far above what any batch needs (a few MiB to tens of MiB); reaching it means memory is not reclaimed. */
const MEMORY_BOUND = 256 * 1024 * 1024;

console.log(`fuzz: ${TOTAL} inputs, seed ${SEED} (set FUZZ_SEED=${SEED} to reproduce); findings go to ${SAVE_DIR}`);
const { module } = await compileModule();

for (const [surface, count] of shareOut(TOTAL)) {
  test(`fuzz ${surface.name}: ${count} inputs leave the VM alive, the host sees no misuse, a login still works, memory stays bounded`, () => {
    const stats = fuzzSurface(module, surface, count, jobSeed(SEED, surface.name, 0), {
      corpusDir: SAVE_DIR, knownDir: CORPUS, canaryEvery: 250, minimizeSeconds: 20, log: (line) => console.log(line),
    });
    const mib = (b: number) => (b / 1048576).toFixed(1);
    console.log(`  ${surface.name}: ${stats.inputs} inputs in ${(stats.ms / 1000).toFixed(1)} s (${Math.round(stats.inputs / (stats.ms / 1000))} execs/s), ` +
      `${stats.canaries} canaries, ${stats.known} input(s) hitting known corpus findings, memory ${mib(stats.memory.start)} → ${mib(stats.memory.warm)} → ${mib(stats.memory.end)} MiB (max ${mib(stats.memory.max)})`);
    const report = stats.findings.filter((f) => !f.known).map((f) => `${f.kind}: ${f.message}\n  saved: ${f.file}\n  steps: ${JSON.stringify(f.steps).slice(0, 2000)}`).join("\n");
    assert.equal(stats.harnessErrors, 0, "the fuzzer itself failed on some inputs (see the log)");
    assert.equal(stats.inputs, count);
    assert.equal(stats.traps, 0, `the VM trapped:\n${report}`);
    assert.equal(stats.bugs, 0, `the host saw misuse or the canary failed:\n${report}`);
    assert.ok(stats.canaries >= Math.floor(count / 250));
    assert.ok(stats.memory.max < MEMORY_BOUND, `linear memory reached ${mib(stats.memory.max)} MiB`);
  });
}

test("the shares cover every surface", () => {
  assert.equal(SURFACES.reduce((a, s) => a + s.share, 0).toFixed(6), "1.000000");
  assert.equal([...shareOut(TOTAL).values()].reduce((a, n) => a + n, 0), TOTAL);
});
