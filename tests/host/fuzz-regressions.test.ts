// Every crasher the fuzzer found and kept (tests/host/fuzz/corpus/*.json), replayed by name on a
// fresh host in the canonical fuzz state: the VM must stay alive and the host must see no misuse.
// Each file says what it hit (message), how it was found (surface, seed, input) and the minimized
// steps. Also checks that replaying is not vacuous: a known input still gets its known answer.
// Run: node --import tsx --test tests/host/fuzz-regressions.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileModule, NAVIGATE, requestHeaders, T0_MS, ISSUER } from "./fuzz/scenario.ts";
import { loadCorpus, replay } from "./fuzz/findings.ts";

const CORPUS = new URL("./fuzz/corpus/", import.meta.url).pathname;
const { module } = await compileModule();

test("replay harness: a navigation without a session on a fresh fuzz host is sent to the IdP", () => {
  const out = replay(module, T0_MS, [{ op: "request", headers: requestHeaders("GET", "/productpage", NAVIGATE) }]);
  assert.equal(out.trap, null);
  assert.equal(out.streams[0].localResponse?.status, 302);
  assert.ok(out.streams[0].localResponse?.header("location")?.startsWith(`${ISSUER}/authorize?`));
});

for (const { file, c } of loadCorpus(CORPUS)) {
  test(`fuzz regression ${file}: ${c.name}`, () => {
    const out = replay(module, c.startMs, c.steps, c.surface);
    assert.equal(out.trap, null, `the VM trapped (${c.message}); found on ${c.surface}, seed ${c.found.seed}, input ${c.found.input}`);
    assert.deepEqual(out.bugs, [], `the host saw misuse (${c.message})`);
  });
}
