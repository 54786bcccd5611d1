// Configuration and IdP discovery, on the built module under the fake host (issue: foundation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeHost } from "../fake-host/host.ts";
import { WASM, get, NAVIGATE, readyGateway } from "./gateway.ts";
import { config, discoveryDoc, jwksOf, rsaKey, IDP_CLUSTER, T0_MS, ISSUER } from "./scripted-idp.ts";

async function load(cfg: unknown): Promise<FakeHost> {
  return FakeHost.load(WASM, { pluginConfig: typeof cfg === "string" ? cfg : JSON.stringify(cfg), nowMs: T0_MS, clusters: [IDP_CLUSTER] });
}

test("a valid configuration is accepted and discovery is fetched from the IdP cluster", async () => {
  const host = await load(config());
  assert.equal(host.start(), true);
  const [call] = host.pendingCalls();
  assert.equal(call.cluster, IDP_CLUSTER);
  assert.equal(call.method, "GET");
  assert.equal(call.path, "/.well-known/openid-configuration");
  assert.equal(call.authority, "idp.example.test");
  host.assertAlive();
});

test("an invalid configuration is refused with every problem logged by field name at once", async () => {
  const host = await load({
    issuer: "ftp://x", client_id: "", redirect_url: "not a url", cookie_secret: "short",
    cookie_expire: "1x", scopes: "openid", match: { mode: "sometimes", rules: [{ path: "app", type: "glob" }] },
    allowed_algs: ["none", "HS256"], cookie_secert: "typo",
  });
  assert.equal(host.start(), false);
  const log = host.logText();
  for (const field of ["issuer", "client_id", "client_secret", "redirect_url", "cookie_secret", "cookie_expire", "scopes",
    "match.mode", "match.rules[0].path", "match.rules[0].type", "allowed_algs[0]", "allowed_algs[1]", "cookie_secert"]) {
    assert.ok(log.includes(`oidc-sso config: ${field}:`), `missing error for ${field}\n${log}`);
  }
  host.assertAlive();
});

test("configuration that is not JSON is refused", async () => {
  const host = await load("{not json");
  assert.equal(host.start(), false);
  assert.match(host.logText(), /configuration: is not valid JSON/);
});

test("durations accept 168h, 1h30m, 45s, 0 and whole seconds", async () => {
  for (const d of ["168h", "1h30m", "45s", "0", 3600, "3600"]) {
    const host = await load(config({ cookie_expire: d, cookie_refresh: d }));
    assert.equal(host.start(), true, `${d}: ${host.logText()}`);
  }
});

test("a cookie secret may be raw or base64 but needs 32 bytes, and placeholders are refused", async () => {
  const ok = ["A".repeat(10) + "bcdefghijklmnopqrstuvwxyz012345", Buffer.alloc(32, 7).map((_, i) => i * 7).toString("base64url")];
  for (const s of ok) assert.equal((await load(config({ cookie_secret: s }))).start(), true, s);
  for (const s of ["", "x".repeat(31), "changeme-changeme-changeme-changeme", "a".repeat(40)]) {
    assert.equal((await load(config({ cookie_secret: s }))).start(), false, s);
  }
});

test("until discovery and keys are loaded, protected requests get 503 and bypassed ones pass", async () => {
  const host = await load(config());
  host.start();
  const protectedPage = get(host, "/productpage");
  assert.equal(protectedPage.localResponse?.status, 503);
  assert.doesNotMatch(protectedPage.localResponse!.body, /secret|s3cr/i);
  const open = get(host, "/public/page");
  assert.equal(open.localResponse, null);
  assert.equal(open.forwarded, true);
  host.assertAlive();
  host.assertNoBugs();
});

test("a discovery document whose issuer differs from the configuration is refused (rp-discovery-issuer-not-matching-config)", async () => {
  const host = await load(config());
  host.start();
  const d = host.pendingCalls()[0];
  host.respond(d.token, { status: 200, json: discoveryDoc({ issuer: `${ISSUER}/` }) });
  assert.equal(host.pendingCalls().length, 0, "no JWKS fetch after a refused document");
  assert.match(host.logText(), /issuer does not match/);
  assert.equal(get(host, "/productpage").localResponse?.status, 503);
});

test("an unreachable IdP is retried with growing backoff and the filter becomes ready when it answers", async () => {
  const host = await load(config());
  host.start();
  const attempts: number[] = [];
  for (let i = 0; i < 4; i++) {
    const pending = host.pendingCalls();
    assert.equal(pending.length, 1);
    attempts.push(host.nowMs);
    host.fail(pending[0].token);
    while (host.pendingCalls().length === 0) host.advance(500);
  }
  const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
  assert.ok(gaps[2] > gaps[0], `backoff grows: ${gaps}`);
  const key = rsaKey("k1");
  host.respond(host.pendingCalls()[0].token, { status: 200, json: discoveryDoc() });
  host.respond(host.pendingCalls()[0].token, { status: 200, json: jwksOf(key) });
  assert.equal(get(host, "/productpage").localResponse?.status, 302);
});

test("once ready, a browser without session is sent to the authorization endpoint with PKCE S256", async () => {
  const { host } = await readyGateway();
  const r = get(host, "/productpage?x=1").localResponse!;
  assert.equal(r.status, 302);
  const loc = new URL(r.header("location")!);
  assert.equal(`${loc.origin}${loc.pathname}`, `${ISSUER}/authorize`);
  const q = loc.searchParams;
  assert.equal(q.get("response_type"), "code");
  assert.equal(q.get("client_id"), "demo-client");
  assert.equal(q.get("redirect_uri"), "https://app.example.test/oauth2/callback");
  assert.equal(q.get("scope"), "openid email profile");
  assert.equal(q.get("code_challenge_method"), "S256");
  for (const k of ["state", "nonce", "code_challenge"]) assert.match(q.get(k)!, /^[A-Za-z0-9_-]{43}$/);
});

test("randomness comes from WASI random_get: state, nonce and verifier change with the host's random source", async () => {
  const a = await readyGateway();
  const b = await FakeHost.load(WASM, { pluginConfig: JSON.stringify(config()), nowMs: T0_MS, clusters: [IDP_CLUSTER], seed: 2 });
  b.start();
  b.respond(b.pendingCalls()[0].token, { status: 200, json: discoveryDoc() });
  b.respond(b.pendingCalls()[0].token, { status: 200, json: jwksOf(a.key) });
  const state = (h: FakeHost) => new URL(get(h, "/productpage").localResponse!.header("location")!).searchParams.get("state");
  assert.notEqual(state(a.host), state(b));
  assert.ok(a.host.randomBytes.length >= 3, "random_get was called");
});

test("API and XHR requests without session get 401 JSON, not a redirect", async () => {
  const { host } = await readyGateway();
  for (const headers of [{ accept: "application/json" }, { ...NAVIGATE, "x-requested-with": "XMLHttpRequest" },
    { ...NAVIGATE, "sec-fetch-mode": "cors" }, {}]) {
    const r = get(host, "/productpage", headers).localResponse!;
    assert.equal(r.status, 401, JSON.stringify(headers));
    assert.equal(r.header("location"), undefined);
  }
  const post = host.request({ ":method": "POST", ":path": "/productpage", ":authority": "app.example.test", ":scheme": "https", ...NAVIGATE });
  assert.equal(post.localResponse?.status, 401);
});
