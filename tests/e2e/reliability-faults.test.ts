// A misbehaving IdP, through real Envoy (2 workers) with http_timeout "2s": the token endpoint slow,
// closing, resetting mid-response, answering 5xx, an HTML page or 10 MB; discovery and JWKS doing the same
// while Envoy starts. Every client request must finish within the timeout plus a margin, with a generic
// error page; no VM may trap; the next valid login must work without restarting anything.
//   node --import tsx --test tests/e2e/reliability-faults.test.ts
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { demoPluginConfig, freePort, type RunningEnvoy } from "./harness/envoy.ts";
import { startOidcProvider, demoClient, type RunningOidcProvider } from "./harness/oidc-provider.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { startFaultyProxy, type FaultyProxy, type Fault } from "./harness/faulty-proxy.ts";
import { ScriptedUser } from "./load/login-client.ts";
import { rawRequest, NAVIGATE } from "./http.ts";
import { waitAllWorkersReady, trapLines, vmCounters, recordFigures, startGatewayBehindProxy, stopAll } from "./load/gateway.ts";

const HTTP_TIMEOUT_MS = 2_000;
/** Slack for scheduling on a busy 2-core machine; a hung request would take far longer. */
const MARGIN_MS = 1_500;
const DISCOVERY = "/.well-known/openid-configuration";
const JWKS = "/jwks";

let idp: RunningOidcProvider;
let proxy: FaultyProxy;
let backend: RunningBackend;
let envoy: RunningEnvoy;
let gateway: string;

before(async () => {
  const port = await freePort();
  gateway = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ clients: [demoClient([`${gateway}/oauth2/callback`])] });
  proxy = await startFaultyProxy({ upstreamPort: idp.port });
  backend = await startBackend();
  envoy = await startGatewayBehindProxy({
    listenerPort: port, backendPort: backend.port, proxyPort: proxy.port, pluginConfig: demoPluginConfig(idp.issuer, gateway, { http_timeout: "2s" }), workers: 2,
  });
});

after(() => stopAll(envoy, backend, proxy, idp));

/** A page that says the sign-in failed and nothing else: no IdP text, no Envoy text, no code, no token. */
function assertGenericErrorPage(page: { status: number; headers: Record<string, unknown>; body: string }, callbackUrl: string): void {
  assert.match(String(page.headers["content-type"]), /^text\/html/);
  assert.match(page.body, /<title>Sign-in (failed|is unavailable)<\/title>/);
  assert.doesNotMatch(page.body, /upstream|reset reason|Please sign in to the network|access_token|eyJ/i);
  const code = new URL(callbackUrl).searchParams.get("code") ?? "";
  assert.ok(code.length > 0 && !page.body.includes(code), "the code is not echoed");
  assert.match(String(page.headers["cache-control"]), /no-store/);
  const cookies = [page.headers["set-cookie"] ?? []].flat().map(String);
  assert.ok(cookies.some((c) => /^oidc_login_[\w-]+=; .*Max-Age=0/.test(c)), `the login cookie is cleared: ${cookies.join(" | ")}`);
  assert.ok(!cookies.some((c) => /^oidc_session/.test(c)), "no session is set");
}

async function loginWorks(): Promise<void> {
  const user = new ScriptedUser(idp.user, { timeoutMs: 10_000 });
  const result = await user.login(`${gateway}/productpage`);
  assert.ok(result.page.body.includes(`<span id="user">${idp.users[0].email}</span>`), "the backend got alice's ID token");
}

describe("the token endpoint misbehaves (after a real login form)", () => {
  // The status says what went wrong, never more (security.md G.51): 504 the IdP did not answer in time
  // (Envoy's own 504 on timeout, or a reset before the whole answer), 503 it could not be reached (Envoy's
  // own 503 when the connection fails, or the IdP's 503), 502 it answered something unusable.
  const cases: { name: string; fault: Fault; status: number; fastest?: number }[] = [
    { name: "answers after 5 s, beyond http_timeout", fault: { kind: "slow", delayMs: 5_000 }, status: 504, fastest: HTTP_TIMEOUT_MS - 100 },
    { name: "closes the connection without answering", fault: { kind: "close" }, status: 503 },
    { name: "resets the connection mid-response", fault: { kind: "reset" }, status: 504 },
    { name: "answers 500", fault: { kind: "status", status: 500 }, status: 502 },
    { name: "answers 503", fault: { kind: "status", status: 503 }, status: 503 },
    { name: "answers 200 with an HTML page", fault: { kind: "html" }, status: 502 },
    { name: "answers 200 with a 10 MB body", fault: { kind: "huge" }, status: 502 },
  ];
  const statuses: Record<string, number> = {};
  const timings: Record<string, number> = {};

  for (const c of cases) {
    test(`token endpoint ${c.name}: a generic ${c.status} page within the timeout, then a login works`, async () => {
      const counters = await vmCounters(envoy);
      await proxy.set(c.fault, { paths: ["/token"] });
      try {
        const user = new ScriptedUser(idp.user, { timeoutMs: HTTP_TIMEOUT_MS + 10_000 });
        const result = await user.navigate(`${gateway}/productpage`);
        const callback = result.hops.at(-1)!;
        assert.equal(new URL(callback.url).pathname, "/oauth2/callback", "the flow ends at the callback");
        assert.equal(result.page.status, c.status);
        assert.ok(callback.ms <= HTTP_TIMEOUT_MS + MARGIN_MS, `the callback took ${callback.ms} ms`);
        if (c.fastest !== undefined) assert.ok(callback.ms >= c.fastest, `answered after ${callback.ms} ms: the timeout, not the fault, ended it`);
        assertGenericErrorPage(result.page, callback.url);
        assert.equal(proxy.requestsTo("/token").at(-1)?.fault, c.fault.kind, "the fault was applied to the token request");
        statuses[c.name] = result.page.status;
        timings[c.name] = callback.ms;
      } finally {
        await proxy.set({ kind: "pass" });
      }
      await loginWorks();
      assert.deepEqual(await vmCounters(envoy), counters, "no VM was created or reloaded");
    });
  }

  test("token endpoint slower than usual but within http_timeout (1 s): the login completes", async () => {
    await proxy.set({ kind: "slow", delayMs: 1_000 }, { paths: ["/token"] });
    try {
      const t = Date.now();
      await loginWorks();
      assert.ok(Date.now() - t >= 1_000);
    } finally {
      await proxy.set({ kind: "pass" });
    }
  });

  after(() => {
    console.log("token endpoint faults → status, callback ms:", JSON.stringify({ statuses, timings }));
    recordFigures("token-endpoint-faults", { httpTimeoutMs: HTTP_TIMEOUT_MS, statuses, callbackMs: timings });
  });
});

describe("discovery or JWKS misbehave while Envoy starts", () => {
  const cases: { name: string; path: string; fault: Fault }[] = [
    { name: "the IdP refuses connections", path: DISCOVERY, fault: { kind: "refuse" } },
    { name: "discovery answers after 5 s", path: DISCOVERY, fault: { kind: "slow", delayMs: 5_000 } },
    { name: "discovery answers 500", path: DISCOVERY, fault: { kind: "status", status: 500 } },
    { name: "discovery answers an HTML page", path: DISCOVERY, fault: { kind: "html" } },
    { name: "discovery answers 10 MB", path: DISCOVERY, fault: { kind: "huge" } },
    { name: "JWKS closes the connection", path: JWKS, fault: { kind: "close" } },
    { name: "JWKS resets mid-response", path: JWKS, fault: { kind: "reset" } },
    { name: "JWKS answers 503", path: JWKS, fault: { kind: "status", status: 503 } },
    { name: "JWKS answers an HTML page", path: JWKS, fault: { kind: "html" } },
    { name: "JWKS answers 10 MB", path: JWKS, fault: { kind: "huge" } },
  ];
  const recovery: Record<string, number> = {};

  for (const c of cases) {
    test(`${c.name}: 503 at once while it lasts, ready again without a restart once it ends`, async () => {
      await proxy.set(c.fault, { paths: [c.path] });
      const marker = envoy.logs().length;
      let counters: { created: number; reloads: number } | undefined;
      try {
        await envoy.restart();
        counters = await vmCounters(envoy);
        // Long enough for two or three failed attempts on each VM (backoff 1 s, 2 s, ...).
        const until = Date.now() + 3_000;
        let answered = 0;
        while (Date.now() < until) {
          const t = Date.now();
          const r = await rawRequest(`${gateway}/productpage`, { headers: { ...NAVIGATE, connection: "close" }, timeoutMs: 5_000 });
          assert.equal(r.status, 503, "nothing but 503 while the IdP's metadata or keys are missing");
          assert.ok(Date.now() - t < 1_000, `the 503 took ${Date.now() - t} ms: requests never wait for the IdP`);
          assert.match(r.body, /<title>Sign-in is unavailable<\/title>/);
          assert.doesNotMatch(r.body, /upstream|Please sign in to the network/i);
          answered++;
          await new Promise((res) => setTimeout(res, 250));
        }
        assert.ok(answered >= 5);
        if (c.fault.kind !== "refuse") {
          assert.ok(proxy.requestsTo(c.path).some((r) => r.fault === c.fault.kind), `the fault hit ${c.path}`);
        }
      } finally {
        await proxy.set({ kind: "pass" });
      }
      recovery[c.name] = await waitAllWorkersReady(envoy, { timeoutMs: 30_000 });
      await loginWorks();
      assert.deepEqual(trapLines(envoy.logs().slice(marker)), []);
      assert.deepEqual(await vmCounters(envoy), counters, "no VM was created or reloaded");
    });
  }

  after(() => {
    console.log("startup faults → ms until every worker was ready after the IdP recovered:", JSON.stringify(recovery));
    recordFigures("startup-faults", { recoveryMs: recovery });
  });
});

test("no VM trapped during any of it", async () => {
  assert.deepEqual(trapLines(envoy.logs()), []);
  await waitAllWorkersReady(envoy);
  await loginWorks();
});
