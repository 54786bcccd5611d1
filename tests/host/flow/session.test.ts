// Sessions over time on the built module: absolute and idle expiry, refresh (and its coalescing),
// large tokens split into chunks, secret rotation. The fake host's clock stands in for waiting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readyGateway, get, login, Jar, NAVIGATE, setCookies } from "./gateway.ts";
import { idToken, T0_MS, CLIENT_SECRET } from "./scripted-idp.ts";
import { headerValues } from "../fake-host/host.ts";

const S = 1000;
const nowS = (ms: number) => Math.floor(ms / 1000);

test("a session expires at cookie_expire, kept inside the sealed cookie", async () => {
  const g = await readyGateway({ cookie_expire: "2h", cookie_refresh: "0" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 86400 } }));
  assert.equal(get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }).forwarded, true);
  g.host.advance(2 * 3600 * S + S);
  const s = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(s.localResponse?.status, 302, "back to the IdP");
  assert.equal(setCookies(s.localResponse!.headers).get("__Host-oidc_session"), "", "the stale session is cleared");
});

test("cookie_expire 0 makes a browser-session cookie with no absolute limit", async () => {
  const g = await readyGateway({ cookie_expire: "0", cookie_refresh: "0" });
  const start = await import("./gateway.ts").then((m) => m.startLogin(g.host));
  const { callback, tokenCall } = await import("./gateway.ts");
  const s = callback(g.host, `code=c&state=${start.state}`, start.cookie);
  g.host.respond(tokenCall(g.host).token, { status: 200, json: { access_token: "a", token_type: "Bearer", id_token: await idToken(g.key, start.nonce, nowS(T0_MS), { claims: { exp: nowS(T0_MS) + 10 * 86400 } }) } });
  const sc = headerValues(s.localResponse!.headers, "set-cookie").find((v) => v.startsWith("__Host-oidc_session="))!;
  assert.doesNotMatch(sc, /Max-Age/);
  const jar = new Jar().apply(s.localResponse!.headers);
  g.host.advance(9 * 86400 * S);
  assert.equal(get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }).forwarded, true);
});

test("an idle session ends after cookie_idle_timeout; activity keeps it alive", async () => {
  const g = await readyGateway({ cookie_idle_timeout: "30m", cookie_refresh: "0" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 86400 } }));
  for (let i = 0; i < 4; i++) {
    g.host.advance(20 * 60 * S);
    const s = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
    assert.equal(s.forwarded, true, `visit ${i}`);
    jar.apply(s.responseHeaders({ ":status": "200" }).headers);
  }
  g.host.advance(31 * 60 * S);
  assert.equal(get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }).localResponse?.status, 302);
});

test("after cookie_refresh the request waits for the refresh, goes upstream with the new JWT and sets the new cookie", async () => {
  const g = await readyGateway({ cookie_refresh: "10m" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 } }));
  const first = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }).requestHeader("authorization");
  g.host.advance(11 * 60 * S);
  const s = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(s.forwarded, false, "paused");
  const [call] = g.host.pendingCalls();
  const form = new URLSearchParams(Buffer.from(call.body).toString());
  assert.equal(form.get("grant_type"), "refresh_token");
  assert.equal(form.get("refresh_token"), "rt-1");
  const fresh = await idToken(g.key, "ignored", nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 }, drop: ["nonce"] });
  g.host.respond(call.token, { status: 200, json: { access_token: "at-2", token_type: "Bearer", refresh_token: "rt-2", id_token: fresh } });
  assert.equal(s.continued, true);
  assert.equal(s.requestHeader("authorization"), `Bearer ${fresh}`);
  assert.notEqual(s.requestHeader("authorization"), first);
  const response = s.responseHeaders({ ":status": "200" });
  assert.ok(setCookies(response.headers).get("__Host-oidc_session"), "the new session cookie rides on the response");
  jar.apply(response.headers);
  const next = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(next.requestHeader("authorization"), `Bearer ${fresh}`);
  assert.equal(g.host.pendingCalls().length, 0, "no second refresh");
  g.host.assertNoBugs();
});

test("concurrent requests due for refresh share one refresh call; a late one with the old cookie reuses its answer", async () => {
  const g = await readyGateway({ cookie_refresh: "10m" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 } }));
  g.host.advance(11 * 60 * S);
  const streams = [0, 1, 2].map(() => get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }));
  assert.equal(g.host.pendingCalls().length, 1, "one refresh for three requests");
  const fresh = await idToken(g.key, "x", nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 }, drop: ["nonce"] });
  g.host.respond(g.host.pendingCalls()[0].token, { status: 200, json: { access_token: "at-2", token_type: "Bearer", refresh_token: "rt-2", id_token: fresh } });
  for (const s of streams) assert.equal(s.requestHeader("authorization"), `Bearer ${fresh}`);
  const late = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(g.host.pendingCalls().length, 0, "the spent refresh token is not redeemed again");
  assert.equal(late.requestHeader("authorization"), `Bearer ${fresh}`);
});

test("when the ID token is about to expire it is refreshed even if cookie_refresh is 0", async () => {
  const g = await readyGateway({ cookie_refresh: "0" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 120 } }));
  g.host.advance(100 * S);
  get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(g.host.pendingCalls().length, 1);
});

for (const [who, headers, status] of [["browser", NAVIGATE, 302], ["XHR", { accept: "application/json" }, 401]] as const) {
  test(`a failed refresh ends the session: ${status} for a ${who}, cookie cleared, expired token never forwarded`, async () => {
    const g = await readyGateway({ cookie_refresh: "0" });
    const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 60 } }));
    g.host.advance(90 * S);
    const s = get(g.host, "/productpage", { ...headers, cookie: jar.header() });
    g.host.respond(g.host.pendingCalls()[0].token, { status: 400, json: { error: "invalid_grant" } });
    assert.equal(s.forwarded, false);
    assert.equal(s.localResponse?.status, status);
    assert.equal(setCookies(s.localResponse!.headers).get("__Host-oidc_session"), "");
    assert.ok(!g.host.logText().includes("rt-1") && !g.host.logText().includes(CLIENT_SECRET));
  });
}

test("an ID token larger than 4 KB is split into chunks of under 4000 bytes and read back", async () => {
  const g = await readyGateway({ cookie_refresh: "0" });
  const big = "x".repeat(6000);
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600, groups: big } }));
  const names = jar.names().filter((n) => n.includes("oidc_session"));
  assert.ok(names.length >= 3, `chunks: ${names}`);
  for (const n of names) assert.ok(`${n}=${jar.cookies.get(n)}`.length < 4000);
  const s = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(s.forwarded, true);
  assert.ok(s.requestHeader("authorization")!.length > 6000);
  // A missing chunk, or one from another session, means no session.
  const missing = new Jar();
  for (const [n, v] of jar.cookies) if (!n.endsWith("_1")) missing.cookies.set(n, v);
  assert.equal(get(g.host, "/productpage", { ...NAVIGATE, cookie: missing.header() }).localResponse?.status, 302);
  const other = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600, groups: big } }));
  const mixed = new Jar();
  for (const [n, v] of jar.cookies) mixed.cookies.set(n, n.endsWith("_1") ? other.cookies.get(n)! : v);
  assert.equal(get(g.host, "/productpage", { ...NAVIGATE, cookie: mixed.header() }).localResponse?.status, 302);
});

test("after rotating the cookie secret, old sessions still open and are re-sealed with the new secret", async () => {
  const oldSecret = "q0Zy5VbH3n8tJc1xWm7RkLp2sA9dF4gE6uIoPzXcVbN=";
  const g = await readyGateway({ cookie_secret: oldSecret, cookie_refresh: "0" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 } }));
  const rotated = await readyGateway({ cookie_secret: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=", cookie_secret_previous: [oldSecret], cookie_refresh: "0" }, g.key);
  const s = get(rotated.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(s.forwarded, true);
  const resealed = new Jar().apply(s.responseHeaders({ ":status": "200" }).headers);
  assert.ok(resealed.cookies.get("__Host-oidc_session"), "re-sealed on the response");
  const withoutOld = await readyGateway({ cookie_secret: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=", cookie_refresh: "0" }, g.key);
  assert.equal(get(withoutOld.host, "/productpage", { ...NAVIGATE, cookie: resealed.header() }).forwarded, true, "the new cookie needs only the new secret");
  assert.equal(get(withoutOld.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }).localResponse?.status, 302, "the old cookie needs the old secret");
});

test("a refresh that cannot reach the IdP keeps the session on its still-valid ID token and does not retry at once", async () => {
  const g = await readyGateway({ cookie_refresh: "10m" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 } }));
  const before = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() }).requestHeader("authorization");
  g.host.advance(11 * 60 * S);
  const s = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  g.host.timeout(g.host.pendingCalls()[0].token);
  assert.equal(s.continued, true, "forwarded despite the failed refresh");
  assert.equal(s.requestHeader("authorization"), before);
  assert.equal(setCookies(s.responseHeaders({ ":status": "200" }).headers).size, 0, "the session is not rewritten");
  const next = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  assert.equal(next.forwarded, true);
  assert.equal(g.host.pendingCalls().length, 0, "no new refresh within the reuse window");
  // Once the ID token itself has expired, a refresh that fails ends the session.
  g.host.advance(60 * 60 * S);
  const late = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  g.host.fail(g.host.pendingCalls()[0].token);
  assert.equal(late.localResponse?.status, 302);
});

test("a refresh the IdP refuses (invalid_grant) ends the session even while the ID token is valid", async () => {
  const g = await readyGateway({ cookie_refresh: "10m" });
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600 } }));
  g.host.advance(11 * 60 * S);
  const s = get(g.host, "/productpage", { ...NAVIGATE, cookie: jar.header() });
  g.host.respond(g.host.pendingCalls()[0].token, { status: 400, json: { error: "invalid_grant" } });
  assert.equal(s.localResponse?.status, 302);
  assert.equal(setCookies(s.localResponse!.headers).get("__Host-oidc_session"), "");
});
