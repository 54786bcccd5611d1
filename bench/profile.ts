// The per-request cost of built modules under the fake host (Node's V8, the engine Envoy embeds), for
// A/B comparisons while optimizing: every module logs in once, then serves the same logged-in request
// in rounds that alternate between the modules; the minimum µs/request per module is printed. The fake
// host's own JavaScript adds a constant per request, so only the differences mean something; the
// real numbers come from bench/run.ts.
//
//   node --import tsx bench/profile.ts build/bench/A.wasm build/oidc-sso.wasm [--requests 5000] [--rounds 7]
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.ts build/oidc-sso.wasm  (one module: a profile)
import { parseArgs } from "node:util";
import { FakeHost } from "../tests/host/fake-host/host.ts";
import { answerDiscoveryAndKeys, login, NAVIGATE } from "../tests/host/flow/gateway.ts";
import { config, discoveryDoc, idToken, IDP_CLUSTER, jwksOf, rsaKey, T0_MS } from "../tests/host/flow/scripted-idp.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { requests: { type: "string", default: "5000" }, rounds: { type: "string", default: "7" } },
});
if (positionals.length === 0) throw new Error("usage: bench/profile.ts <module.wasm>... [--requests N] [--rounds R]");
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const nowS = (ms: number) => Math.floor(ms / 1000);
const key = rsaKey("bench");

interface Loaded { path: string; host: FakeHost; headers: Record<string, string>; best: number; all: number[] }

async function loggedIn(path: string): Promise<Loaded> {
  const host = await FakeHost.load(path, {
    pluginConfig: JSON.stringify(config({ cookie_refresh: "0", match: undefined })), nowMs: T0_MS, clusters: [IDP_CLUSTER],
  });
  if (!host.start()) throw new Error(`${path} did not configure:\n${host.logText()}`);
  if (host.pendingCalls().length === 0) {
    // A module that calls no IdP (bench/noop): the same request, with a session cookie of the same size.
    const headers = { ...NAVIGATE, "user-agent": "Mozilla/5.0 (bench)", cookie: `__Host-oidc_session=1.${"A".repeat(1400)}` };
    return { path, host, headers, best: Infinity, all: [] };
  }
  answerDiscoveryAndKeys(host, discoveryDoc(), jwksOf(key));
  const jar = await login(host, (n) => idToken(key, n, nowS(host.nowMs), { claims: { exp: nowS(host.nowMs) + 86400 } }));
  const headers = { ...NAVIGATE, "user-agent": "Mozilla/5.0 (bench)", cookie: jar.header() };
  return { path, host, headers, best: Infinity, all: [] };
}

/**
 * CPU µs per request for `n` logged-in requests through the whole stream lifecycle (process CPU time,
 * not wall time: on a shared machine, waiting for a core is not the module's cost).
 */
function round(m: Loaded, n: number): number {
  const started = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const s = m.host.request({ ":method": "GET", ":path": "/productpage", ":authority": "app.example.test", ":scheme": "https", ...m.headers });
    if (!s.forwarded) throw new Error(`${m.path}: the logged-in request was not forwarded\n${m.host.logText()}`);
    s.responseHeaders({ ":status": "200" });
    s.finish();
  }
  m.host.streams.length = 0; // the fake host keeps every stream for assertions; not here
  const used = process.cpuUsage(started);
  return (used.user + used.system) / n;
}

const modules: Loaded[] = [];
for (const path of positionals) modules.push(await loggedIn(path));
for (const m of modules) round(m, Math.min(requests, 1000)); // warm-up: V8 tiers the module up
for (let r = 0; r < rounds; r++) {
  for (const m of modules) {
    const us = round(m, requests);
    m.all.push(us);
    m.best = Math.min(m.best, us);
  }
}
for (const m of modules) {
  const sorted = [...m.all].sort((a, b) => a - b);
  console.log(`${m.path}: best ${m.best.toFixed(2)} µs/request, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}`);
  m.host.assertAlive();
}
