// npm test: the three layers, in order, each timed.
//   1. unit  — as-pect over the pure core (RFC and Wycheproof vectors)
//   2. host  — node:test over the BUILT .wasm with a fake proxy-wasm host
//   3. e2e   — node:test through real Envoy, real IdPs and headless Chromium
// The last line is a plain "N passed, N failed" over all layers (CI reads the closing lines).
//   npm test -- unit host     run only some layers
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, readFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const ROOT = new URL("..", import.meta.url).pathname;
process.chdir(ROOT);

interface LayerResult { name: string; passed: number; failed: number; seconds: number; note: string }

function findTests(dir: string): string[] {
  const out: string[] = [];
  let entries: string[] = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries.sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (e.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function timed<T>(fn: () => T): [T, number] {
  const t = Date.now();
  const v = fn();
  return [v, (Date.now() - t) / 1000];
}

function unitLayer(): LayerResult {
  const [, seconds] = timed(() => {
    run("node", ["--import", "tsx", "scripts/gen-wycheproof.ts"]);
  });
  const t = Date.now();
  const r = spawnSync("npx", ["asp", "--config", "as-pect.config.js", "-n"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const out = (r.stdout ?? "") + (r.stderr ?? "");
  // Keep as-pect's per-file lines, drop its banner; its summary is recomputed below.
  process.stdout.write(out.split("\n").filter((l) => /✔|✖|\[Fail\]|Error|ERROR|SKIPPED|skipped/.test(l)).join("\n") + "\n");
  const m = /\[Tests\]:\s*(?:\x1b\[\d+m)?(\d+)(?:\x1b\[\d+m)?\s*\/\s*(\d+)/.exec(out);
  // Without a summary as-pect stopped early (a spec that does not compile): show why.
  if (!m) process.stdout.write(out.split("\n").slice(-40).join("\n") + "\n");
  const passed = m ? Number(m[1]) : 0;
  const total = m ? Number(m[2]) : 0;
  const failed = (total - passed) + (r.status === 0 ? 0 : (m ? 0 : 1));
  return { name: "unit (as-pect)", passed, failed, seconds: seconds + (Date.now() - t) / 1000, note: m ? "" : "as-pect did not report" };
}

/** A bound on every single test, so one hung test fails instead of stalling CI. */
const TEST_TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);

function nodeLayer(name: string, dir: string, concurrency: number): LayerResult {
  const files = findTests(dir);
  if (files.length === 0) return { name, passed: 0, failed: 0, seconds: 0, note: "no tests" };
  const tap = join(mkdtempSync(join(tmpdir(), "oidc-test-")), "out.tap");
  const [status, seconds] = timed(() => run("node", [
    "--import", "tsx", "--test", `--test-concurrency=${concurrency}`, `--test-timeout=${TEST_TIMEOUT_MS}`,
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${tap}`, ...files,
  ]));
  const text = readFileSync(tap, "utf8");
  const count = (k: string) => Number((new RegExp(`^# ${k} (\\d+)`, "m").exec(text) ?? [0, 0])[1]);
  const failed = count("fail") + count("cancelled") + (status !== 0 && count("fail") === 0 ? 1 : 0);
  return { name, passed: count("pass"), failed, seconds, note: "" };
}

const wanted = process.argv.slice(2);
const want = (l: string) => wanted.length === 0 || wanted.includes(l);
const results: LayerResult[] = [];
const [buildStatus, buildSeconds] = timed(() => run("npm", ["run", "--silent", "build"]));
if (buildStatus !== 0) {
  console.log("build failed");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
if (want("unit")) results.push(unitLayer());
if (want("host")) results.push(nodeLayer("host (built .wasm, fake host)", "tests/host", 2));
if (want("e2e")) results.push(nodeLayer("e2e (Envoy, IdPs, Chromium)", "tests/e2e", 1));

console.log(`\nbuild: ${buildSeconds.toFixed(1)} s`);
for (const r of results) {
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.seconds.toFixed(1)} s${r.note ? ` (${r.note})` : ""}`);
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
