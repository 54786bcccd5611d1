// Sign-out on the built module: every cookie of ours cleared, the IdP session ended in the same
// step (RP-Initiated Logout with id_token_hint, post_logout_redirect_uri and state), rd honoured
// only for allowed targets, and no cross-site GET logout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readyGateway, get, login, NAVIGATE, setCookies } from "./gateway.ts";
import { idToken, discoveryDoc, ISSUER, rsaKey } from "./scripted-idp.ts";

const nowS = (ms: number) => Math.floor(ms / 1000);

async function signedIn(cfg: Record<string, unknown> = {}, discovery = discoveryDoc(), big = false) {
  const g = await readyGateway({ cookie_refresh: "0", ...cfg }, rsaKey("k1"), discovery);
  const extra = big ? { groups: "g".repeat(6000) } : {};
  const jar = await login(g.host, (n) => idToken(g.key, n, nowS(g.host.nowMs), { claims: { exp: nowS(g.host.nowMs) + 3600, ...extra } }));
  return { ...g, jar };
}

test("sign-out clears every session chunk and sends the browser to end_session_endpoint with id_token_hint and state", async () => {
  const g = await signedIn({ post_logout_redirect_url: "https://app.example.test/bye" }, discoveryDoc(), true);
  const idTokenSent = get(g.host, "/productpage", { ...NAVIGATE, cookie: g.jar.header() }).requestHeader("authorization")!.slice(7);
  const s = get(g.host, "/oauth2/sign_out", { ...NAVIGATE, "sec-fetch-site": "same-origin", cookie: g.jar.header() });
  const r = s.localResponse!;
  assert.equal(r.status, 302);
  const loc = new URL(r.header("location")!);
  assert.equal(`${loc.origin}${loc.pathname}`, `${ISSUER}/logout`);
  assert.equal(loc.searchParams.get("id_token_hint"), idTokenSent);
  assert.equal(loc.searchParams.get("post_logout_redirect_uri"), "https://app.example.test/bye");
  assert.match(loc.searchParams.get("state")!, /^[\w-]{22}$/);
  assert.equal(loc.searchParams.get("client_id"), "demo-client");
  assert.ok(!r.header("location")!.includes("at-1"), "never the access token");
  const cleared = setCookies(r.headers);
  for (const name of g.jar.names().filter((n) => n.includes("oidc_session"))) assert.equal(cleared.get(name), "", `${name} cleared`);
  g.jar.apply(r.headers);
  assert.equal(g.jar.names().length, 0);
  assert.equal(get(g.host, "/productpage", { ...NAVIGATE, cookie: g.jar.header() }).localResponse?.status, 302);
});

test("idp_logout_url overrides the discovered endpoint", async () => {
  const g = await signedIn({ idp_logout_url: "https://sso.example.test/custom/logout?tenant=1" });
  const r = get(g.host, "/oauth2/sign_out", { ...NAVIGATE, cookie: g.jar.header() }).localResponse!;
  assert.match(r.header("location")!, /^https:\/\/sso\.example\.test\/custom\/logout\?tenant=1&client_id=/);
});

test("without an IdP logout endpoint, sign-out goes to rd when it is allowed, else to /", async () => {
  const d = discoveryDoc();
  delete d.end_session_endpoint;
  const g = await signedIn({ allowed_redirect_origins: ["https://portal.example.test"] }, d);
  const to = (rd: string) => get(g.host, `/oauth2/sign_out?rd=${encodeURIComponent(rd)}`, { ...NAVIGATE, cookie: g.jar.header() }).localResponse!.header("location");
  assert.equal(to("/goodbye?x=1"), "/goodbye?x=1");
  assert.equal(to("https://portal.example.test/home"), "https://portal.example.test/home");
  for (const evil of ["//evil.example", "https://evil.example/", "https://portal.example.test.evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
    assert.equal(to(evil), "/", evil);
  }
});

test("a cross-site GET cannot sign a user out: it gets a page whose button POSTs back", async () => {
  const g = await signedIn();
  const s = get(g.host, "/oauth2/sign_out", { ...NAVIGATE, "sec-fetch-site": "cross-site", cookie: g.jar.header() });
  assert.equal(s.localResponse?.status, 200);
  assert.match(s.localResponse!.body, /<form method="post" action="\/oauth2\/sign_out">/);
  assert.equal(setCookies(s.localResponse!.headers).size, 0, "nothing cleared");
  const post = g.host.request({ ":method": "POST", ":path": "/oauth2/sign_out", ":authority": "app.example.test", ":scheme": "https", cookie: g.jar.header() });
  assert.equal(post.localResponse?.status, 302);
});

test("sign-out works when its path is also in a bypass rule, and on a custom path", async () => {
  const g = await signedIn({ sign_out_path: "/logout", match: { mode: "bypass_if_matched", rules: [{ path: "/logout", type: "exact" }] } });
  const r = get(g.host, "/logout", { ...NAVIGATE, cookie: g.jar.header() }).localResponse!;
  assert.equal(r.status, 302);
  assert.equal(setCookies(r.headers).get("__Host-oidc_session"), "");
});
