// npm run reliability: every tests/e2e/reliability-*.test.ts through real Envoy, the load test with the full
// counts (500 logins, 100,000 requests), then a summary of the measured figures (docs/reliability.md quotes it).
//   node --import tsx scripts/reliability.ts            (after `npm run build -- filter`)
// Counts already set in the environment win, e.g. RELIABILITY_REQUESTS=200000 npm run reliability.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);

const FULL: Record<string, string> = {
  RELIABILITY_LOGINS: "500",
  RELIABILITY_LOGIN_CONCURRENCY: "100",
  RELIABILITY_REQUESTS: "100000",
  RELIABILITY_CONNECTIONS: "16",
};

if (!existsSync(join(root, "build/oidc-sso.wasm")) && !process.env.RELIABILITY_WASM) {
  console.error("build/oidc-sso.wasm is missing: run `npm run build -- filter` first");
  process.exit(1);
}

const report = join(mkdtempSync(join(tmpdir(), "oidc-reliability-")), "figures.jsonl");
const env: NodeJS.ProcessEnv = { ...process.env, RELIABILITY_REPORT: report };
for (const [k, v] of Object.entries(FULL)) if (!env[k]) env[k] = v;

const files = readdirSync("tests/e2e").filter((f) => /^reliability-.*\.test\.ts$/.test(f)).sort().map((f) => `tests/e2e/${f}`);
console.log(`${files.join(" ")}\nwith ${Object.keys(FULL).map((k) => `${k}=${env[k]}`).join(" ")}\n`);
const started = Date.now();
const run = spawnSync("node", ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files], { stdio: "inherit", env });
const seconds = ((Date.now() - started) / 1000).toFixed(0);

const figures = existsSync(report)
  ? readFileSync(report, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>)
  : [];
const by = (name: string) => figures.filter((f) => f.name === name).at(-1);
const mib = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;

console.log(`\n=== reliability figures (${seconds} s, tests ${run.status === 0 ? "passed" : "FAILED"}) ===`);
const load = by("load");
if (load) {
  const o = load.options;
  console.log(`load: ${load.logins.ok}/${o.logins} logins ok (at most ${o.loginConcurrency} in flight) in ${load.logins.seconds.toFixed(1)} s, ` +
    `p50 ${load.logins.latencyMs.p50} ms, p99 ${load.logins.latencyMs.p99} ms per login ` +
    `(callback with token exchange: p50 ${load.logins.callbackMs.p50} ms, p99 ${load.logins.callbackMs.p99} ms)`);
  console.log(`load: ${load.requests.ok}/${o.requests} requests ok on ${o.connections} connections in ${load.requests.seconds.toFixed(1)} s ` +
    `(${load.requests.perSecond.toFixed(0)}/s), p50 ${load.requests.latencyMs.p50.toFixed(1)} ms, p99 ${load.requests.latencyMs.p99.toFixed(1)} ms, ` +
    `backend saw ${load.backend.withoutBearer} without a token`);
  const first = load.memory.find((m: any) => m.label === "after warm-up");
  const last = load.memory.at(-1);
  console.log(`load: Envoy memory after warm-up ${mib(first.allocatedBytes)} allocated / ${mib(first.rssBytes)} RSS, ` +
    `at the end ${mib(last.allocatedBytes)} / ${mib(last.rssBytes)} (growth ${mib(load.memoryGrowth.allocatedBytes)} / ${mib(load.memoryGrowth.rssBytes)})`);
}
for (const name of ["idp-outage", "jwks-outage-rotation", "token-endpoint-faults", "startup-faults", "jwks-rotation", "restart-and-workers"]) {
  const f = by(name);
  if (!f) continue;
  const { name: _n, at: _a, ...rest } = f;
  console.log(`${name}: ${JSON.stringify(rest)}`);
}
process.exit(run.status ?? 1);
