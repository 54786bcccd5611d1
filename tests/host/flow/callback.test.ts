// Every branch of the callback and the code exchange, on the built module under the fake host.
// One named test per failure; each checks that no session cookie is set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readyGateway, startLogin, callback, tokenCall, setCookies, get, NAVIGATE, type Gateway } from "./gateway.ts";
import { idToken, tokenResponse, CLIENT_ID, CLIENT_SECRET, REDIRECT_URL, T0_MS, rsaKey, jwksOf } from "./scripted-idp.ts";
import type { Stream } from "../fake-host/host.ts";

const NOW_S = T0_MS / 1000;

function noSession(s: Stream): void {
  const cookies = setCookies(s.localResponse?.headers ?? []);
  for (const [name, value] of cookies) {
    if (name.includes("oidc_session")) assert.equal(value, "", `session cookie set: ${name}`);
  }
}

function clearsLoginCookie(s: Stream, cookie: string): void {
  const name = cookie.split("=")[0];
  assert.equal(setCookies(s.localResponse!.headers).get(name), "", "the login cookie is cleared");
}

async function loggedIn(g: Gateway, path = "/productpage") {
  const login = startLogin(g.host, path);
  const s = callback(g.host, `code=c0de&state=${login.state}`, login.cookie);
  const call = tokenCall(g.host);
  g.host.respond(call.token, { status: 200, json: tokenResponse(await idToken(g.key, login.nonce, NOW_S)) });
  return { login, s, call };
}

test("a valid callback exchanges the code with PKCE and Basic auth, seals a session and returns to the page", async () => {
  const g = await readyGateway();
  const { login, s, call } = await loggedIn(g, "/productpage?a=1&b=2");
  assert.equal(call.method, "POST");
  const form = new URLSearchParams(call.bodyText ?? Buffer.from(call.body).toString());
  assert.equal(form.get("grant_type"), "authorization_code");
  assert.equal(form.get("code"), "c0de");
  assert.equal(form.get("redirect_uri"), REDIRECT_URL);
  assert.equal(form.get("code_verifier")!.length, 43);
  const basic = Buffer.from(call.headers.find(([k]) => k === "authorization")![1].slice(6), "base64").toString();
  assert.equal(basic, `${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET).replace(/%20/g, "+")}`.replace(/\+/g, "%20"));
  const r = s.localResponse!;
  assert.equal(r.status, 302);
  assert.equal(r.header("location"), "/productpage?a=1&b=2");
  assert.equal(r.header("cache-control"), "no-store");
  assert.equal(r.header("referrer-policy"), "no-referrer");
  const cookies = setCookies(r.headers);
  assert.ok(cookies.get("__Host-oidc_session")?.startsWith("1."), "a sealed session in one chunk");
  clearsLoginCookie(s, login.cookie);
  const attrs = r.headers.filter(([k, v]) => k === "set-cookie" && v.startsWith("__Host-oidc_session=")).map(([, v]) => v)[0];
  assert.match(attrs, /; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800; Secure$/);
  g.host.assertAlive();
  g.host.assertNoBugs();
});

test("client_secret_post sends the credentials in the form body instead", async () => {
  const g = await readyGateway({ client_auth: "client_secret_post" });
  const login = startLogin(g.host);
  callback(g.host, `code=c&state=${login.state}`, login.cookie);
  const call = tokenCall(g.host);
  const form = new URLSearchParams(Buffer.from(call.body).toString());
  assert.equal(form.get("client_id"), CLIENT_ID);
  assert.equal(form.get("client_secret"), CLIENT_SECRET);
  assert.equal(call.headers.find(([k]) => k === "authorization"), undefined);
});

test("with a session, requests go upstream with the ID token as Bearer and without the filter's cookies", async () => {
  const g = await readyGateway();
  const { s } = await loggedIn(g);
  const session = [...setCookies(s.localResponse!.headers)].filter(([n, v]) => n.includes("session") && v).map(([n, v]) => `${n}=${v}`);
  const r = get(g.host, "/app/x", { ...NAVIGATE, cookie: `theme=dark; ${session.join("; ")}; lang=en`, authorization: "Bearer forged", "x-forwarded-user": "mallory" });
  assert.equal(r.forwarded, true);
  assert.match(r.requestHeader("authorization")!, /^Bearer ey[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(r.requestHeader("cookie"), "theme=dark; lang=en");
  assert.equal(r.requestHeader("x-forwarded-user"), undefined);
});

test("callback without state or code: 400", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  for (const q of ["code=c", `state=${login.state}`, "", "code=&state="]) {
    const s = callback(g.host, q, login.cookie);
    assert.equal(s.localResponse?.status, 400, q);
    noSession(s);
  }
  assert.equal(g.host.pendingCalls().length, 0);
  g.host.assertAlive();
});

test("callback without the login cookie (login CSRF, or another browser): 401", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = callback(g.host, `code=c&state=${login.state}`, null);
  assert.equal(s.localResponse?.status, 401);
  noSession(s);
  assert.equal(g.host.pendingCalls().length, 0);
});

test("callback whose state does not match its cookie: 401", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const forged = login.state.slice(0, 16) + "A".repeat(27);
  const s = callback(g.host, `code=c&state=${forged}`, login.cookie);
  assert.equal(s.localResponse?.status, 401);
  noSession(s);
});

test("callback with a tampered login cookie: 401, the same answer for every flipped byte", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const [name, value] = [login.cookie.slice(0, login.cookie.indexOf("=")), login.cookie.slice(login.cookie.indexOf("=") + 1)];
  const bodies = new Set<string>();
  for (let i = 0; i < value.length; i += 7) {
    const c = value[i] === "A" ? "B" : "A";
    const s = callback(g.host, `code=c&state=${login.state}`, `${name}=${value.slice(0, i)}${c}${value.slice(i + 1)}`);
    assert.equal(s.localResponse?.status, 401);
    bodies.add(s.localResponse!.body);
    noSession(s);
  }
  assert.equal(bodies.size, 1, "one identical answer: no padding-oracle-like distinctions");
});

test("callback with an expired login cookie (older than 10 minutes): 401", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  g.host.advance(601_000);
  const s = callback(g.host, `code=c&state=${login.state}`, login.cookie);
  assert.equal(s.localResponse?.status, 401);
});

test("a successful callback URL replayed in the same browser: 401 (the login cookie was single-use)", async () => {
  const g = await readyGateway();
  const { login, s } = await loggedIn(g);
  assert.equal(s.localResponse?.status, 302);
  const replay = callback(g.host, `code=c0de&state=${login.state}`, null);
  assert.equal(replay.localResponse?.status, 401);
});

test("error=access_denied from the IdP: 403 page naming no IdP text, login cookie cleared", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = callback(g.host, `error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=${login.state}`, login.cookie);
  assert.equal(s.localResponse?.status, 403);
  assert.doesNotMatch(s.localResponse!.body, /script|alert/);
  clearsLoginCookie(s, login.cookie);
  noSession(s);
});

test("duplicate code or state parameters: 400", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = callback(g.host, `code=a&code=b&state=${login.state}`, login.cookie);
  assert.equal(s.localResponse?.status, 400);
});

test("POST to the callback (no form_post): 400", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = g.host.request({ ":method": "POST", ":path": `/oauth2/callback?code=c&state=${login.state}`, ":authority": "app.example.test", ":scheme": "https", cookie: login.cookie });
  assert.equal(s.localResponse?.status, 400);
});

test("callback on a Host other than redirect_url's: 400", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = get(g.host, `/oauth2/callback?code=c&state=${login.state}`, { ...NAVIGATE, cookie: login.cookie }, "evil.example.test");
  assert.equal(s.localResponse?.status, 400);
});

test("the callback Host may differ in case, default port or a trailing dot", async () => {
  const g = await readyGateway();
  for (const authority of ["APP.example.test", "app.example.test:443", "app.example.test."]) {
    const login = startLogin(g.host);
    get(g.host, `/oauth2/callback?code=c&state=${login.state}`, { ...NAVIGATE, cookie: login.cookie }, authority);
    assert.equal(g.host.pendingCalls().filter((c) => c.path === "/token").length, 1, authority);
    g.host.fail(tokenCall(g.host).token);
  }
});

test("an iss parameter that is not the issuer (RFC 9207 mix-up): 401", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = callback(g.host, `code=c&state=${login.state}&iss=https%3A%2F%2Fevil.example`, login.cookie);
  assert.equal(s.localResponse?.status, 401);
});

const tokenFailures: [string, { status: number; body?: string; json?: unknown } | "reset", number][] = [
  ["token endpoint answers 500", { status: 500, body: "oops" }, 502],
  ["token endpoint answers HTML", { status: 200, body: "<html>login</html>" }, 502],
  ["token endpoint answers 200 with an error object", { status: 200, json: { error: "server_error" } }, 502],
  ["token endpoint refuses the code (invalid_grant)", { status: 400, json: { error: "invalid_grant", error_description: "code c0de used" } }, 401],
  ["token response without id_token", { status: 200, json: { access_token: "a", token_type: "Bearer" } }, 502],
  ["token response with token_type DPoP", { status: 200, json: { access_token: "a", token_type: "DPoP", id_token: "x.y.z" } }, 502],
  ["token endpoint unreachable (reset or timeout)", "reset", 504],
];
for (const [name, answer, status] of tokenFailures) {
  test(`${name}: ${status}, no session, no secret or code in the page`, async () => {
    const g = await readyGateway();
    const login = startLogin(g.host);
    const s = callback(g.host, `code=c0de&state=${login.state}`, login.cookie);
    const call = tokenCall(g.host);
    if (answer === "reset") g.host.fail(call.token);
    else g.host.respond(call.token, answer);
    assert.equal(s.localResponse?.status, status);
    noSession(s);
    clearsLoginCookie(s, login.cookie);
    for (const secret of [CLIENT_SECRET, "c0de", login.state]) assert.ok(!s.localResponse!.body.includes(secret));
    assert.ok(!g.host.logText().includes(CLIENT_SECRET));
    g.host.assertAlive();
    g.host.assertNoBugs();
  });
}

test("an ID token signed by a key the JWKS lacks triggers one JWKS refetch, then login succeeds (rp-key-rotation-op-sign-key)", async () => {
  const g = await readyGateway();
  const rotated = rsaKey("k2");
  const login = startLogin(g.host);
  const s = callback(g.host, `code=c&state=${login.state}`, login.cookie);
  g.host.respond(tokenCall(g.host).token, { status: 200, json: tokenResponse(await idToken(rotated, login.nonce, NOW_S)) });
  const refetch = g.host.pendingCalls().filter((c) => c.path === "/jwks");
  assert.equal(refetch.length, 1, "one JWKS refetch");
  assert.equal(s.localResponse, null, "the request waits for the keys");
  g.host.respond(refetch[0].token, { status: 200, json: jwksOf(g.key, rotated) });
  assert.equal(s.localResponse?.status, 302);
  assert.ok(setCookies(s.localResponse!.headers).get("__Host-oidc_session"));
});

test("an ID token with a nonce from another flow: 401 (rp-nonce-invalid)", async () => {
  const g = await readyGateway();
  const login = startLogin(g.host);
  const s = callback(g.host, `code=c&state=${login.state}`, login.cookie);
  g.host.respond(tokenCall(g.host).token, { status: 200, json: tokenResponse(await idToken(g.key, "some-other-nonce", NOW_S)) });
  assert.equal(s.localResponse?.status, 401);
  noSession(s);
});

test("the return path is re-checked at the callback: only local paths", async () => {
  const g = await readyGateway();
  const { s } = await loggedIn(g, "/productpage");
  assert.equal(s.localResponse!.header("location"), "/productpage");
});
