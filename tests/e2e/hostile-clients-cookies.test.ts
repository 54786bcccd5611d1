// security.md D.29-35 and G.52, what can be shown end to end through real Envoy and the built filter:
// cookie attributes (plain http gateway, and the same filter with an https redirect_url, which turns on
// Secure and __Host- whatever the listener), every flipped byte of a session cookie, purpose binding
// between session and login cookies, chunk tampering, Envoy's 431 for a 60 KB Cookie header, 500 and
// 5000 cookies, bad base64. 10^5 seals checked for nonce reuse live in tests/host/security/nonces.test.ts;
// the https attributes are also asserted under the fake host in tests/host/flow/callback.test.ts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeReport } from "./hostile/report.ts";
import { Stack, api, navigate, sessionSet, recorded, header, cookiePair, type HeaderPairs, type Reply, type CaseInfo } from "./hostile-clients-gateway.ts";

const SUITE = "hostile-clients-cookies";
const MATCH = { mode: "bypass_if_matched", rules: [{ path: "/public", type: "prefix" }] };
let s: Stack;
let tls: Stack;

before(async () => {
  [s, tls] = await Promise.all([
    Stack.start({ config: { match: MATCH } }),
    Stack.start({ config: { match: MATCH, redirect_url: "https://app.example.com/oauth2/callback" } }),
  ]);
});

after(async () => {
  try { s?.assertLogClean(); tls?.assertLogClean(); } finally { await Promise.all([s?.stop(), tls?.stop()]); writeReport(SUITE); }
});

function dcase(c: CaseInfo, body: (seen: { got: number }) => Promise<number>): void {
  test(`${c.id}: ${c.title}${c.ref ? ` [${c.ref}]` : ""}`, async () => {
    await recorded(c, async (seen) => {
      const status = await body(seen);
      await s.assertAlive();
      await tls.assertAlive();
      return status;
    });
  });
}

/** Attributes of a Set-Cookie value: lower-cased names → value ("" for flags). */
function attributes(setCookie: string): Map<string, string> {
  const [, ...rest] = setCookie.split(";").map((p) => p.trim());
  return new Map(rest.map((a) => { const i = a.indexOf("="); return i < 0 ? [a.toLowerCase(), ""] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)]; }));
}

function assertAttributes(setCookie: string, secure: boolean, maxAge: (n: number) => boolean, what: string): void {
  const a = attributes(setCookie);
  assert.ok(a.has("httponly"), `${what}: HttpOnly`);
  assert.equal(a.get("samesite"), "Lax", `${what}: SameSite=Lax`);
  assert.equal(a.get("path"), "/", `${what}: Path=/`);
  assert.ok(!a.has("domain"), `${what}: no Domain`);
  assert.equal(a.has("secure"), secure, `${what}: Secure ${secure ? "set" : "absent"}`);
  assert.ok(maxAge(Number(a.get("max-age"))), `${what}: Max-Age ${a.get("max-age")}`);
  const name = setCookie.slice(0, setCookie.indexOf("="));
  assert.equal(name.startsWith("__Host-"), secure, `${what}: __Host- prefix ${secure ? "set" : "absent"} (${name})`);
}

/** A 401 for an API request without session, reduced to what must not vary with the cookie sent. */
function shape(r: Reply): string {
  return JSON.stringify({ status: r.status, body: r.body, www: header(r, "www-authenticate"), ct: header(r, "content-type"), cookies: r.setCookies });
}

async function probe(st: Stack, target: string, headers: HeaderPairs): Promise<{ r: Reply; reached: boolean; upstream?: Record<string, unknown> }> {
  const n = st.seen();
  const r = await st.get(target, headers);
  st.assertNoSecrets(r);
  assert.ok(!sessionSet(r), `${target}: no session set`);
  return { r, reached: st.seen() > n, upstream: st.seen() > n ? st.backend.requests[n].headers : undefined };
}

function assertNoSession(x: { r: Reply; reached: boolean }, what: string): void {
  assert.ok(!x.reached, `${what}: reached the backend`);
  assert.ok(!sessionSet(x.r), `${what}: no session set`);
  assert.ok([401, 302, 400, 431].includes(x.r.status), `${what}: status ${x.r.status}`);
}

// --- D.29 attributes -------------------------------------------------------------------------------

for (const [variant, secure] of [["http", false], ["https", true]] as const) {
  dcase({ id: `D29-attributes-${variant}`, section: "D", ref: "Envoy #24097", expect: 302, accepted: true,
    title: `${variant} redirect_url: login and session cookies HttpOnly, SameSite=Lax, Path=/, no Domain, ${secure ? "Secure and __Host-" : "no Secure or __Host- (plain http)"}; login cookie Max-Age ≤ 600; clears the same` }, async (seen) => {
    const st = secure ? tls : s;
    const l = await st.login("/app/page");
    seen.got = l.callback?.status ?? l.first.status;
    const login = l.first.setCookies.find((c) => /^(__Host-)?oidc_login_/.test(c))!;
    assertAttributes(login, secure, (n) => n > 0 && n <= 600, "login cookie");
    assert.equal(l.callback?.status, 302);
    const session = l.callback!.setCookies.find((c) => /^(__Host-)?oidc_session=./.test(c))!;
    assertAttributes(session, secure, (n) => n === 168 * 3600, "session cookie (cookie_expire 168h)");
    const cleared = l.callback!.setCookies.find((c) => /^(__Host-)?oidc_login_[^=]+=;/.test(c))!;
    assertAttributes(cleared, secure, (n) => n === 0, "the login cookie cleared at the callback");
    const out = await st.get("/oauth2/sign_out", [...navigate(), ["cookie", l.session!]]);
    for (const c of out.setCookies) assertAttributes(c, secure, (n) => n === 0, "cleared at sign-out");
    return 302;
  });
}

// --- D.30 tampering and purpose binding ------------------------------------------------------------

const flipCase: CaseInfo = { id: "D30-flip-every-byte", section: "D", ref: "CVE-2026-47775 class", expect: 401,
  title: "each byte of a sealed session cookie flipped in turn (version, nonce, ciphertext, tag): no session, the same 401 as for garbage, never upstream" };
dcase(flipCase, async (seen) => {
  const { cookie } = await s.session("/app/x");
  const value = cookie.slice("oidc_session=".length);
  assert.match(value, /^1\./, "one chunk");
  const sealed = Buffer.from(value.slice(2), "base64url");
  let variants = 0;
  const reference = shape((await probe(s, "/app/data", [...api(), ["cookie", `oidc_session=1.${Buffer.alloc(sealed.length, 7).toString("base64url")}`]])).r);
  for (let i = 0; i < sealed.length; i++) {
    for (const mask of i % 97 === 0 ? [0x01, 0x80, 0xff] : [0x01]) {
      const b = Buffer.from(sealed);
      b[i] ^= mask;
      const x = await probe(s, "/app/data", [...api(), ["cookie", `oidc_session=1.${b.toString("base64url")}`]]);
      seen.got = x.r.status;
      assertNoSession(x, `byte ${i} ^ ${mask}`);
      assert.equal(shape(x.r), reference, `byte ${i}: the same answer as any garbage cookie`);
      variants++;
    }
  }
  flipCase.title += ` (${sealed.length} bytes, ${variants} flips)`;
  for (const prefix of ["2.", "0.", "9.", "1", "", "1.."]) {
    const x = await probe(s, "/app/data", [...api(), ["cookie", `oidc_session=${prefix}${value.slice(2)}`]]);
    assertNoSession(x, `chunk prefix ${JSON.stringify(prefix)}`);
  }
  const nav = await probe(s, "/app/data", [...navigate(), ["cookie", `oidc_session=1.${Buffer.from(sealed.map((v, i) => (i === 30 ? v ^ 1 : v))).toString("base64url")}`]]);
  assertNoSession(nav, "browser");
  assert.ok(nav.r.location?.startsWith(`${s.idp.issuer}/authorize?`), "a browser goes to the IdP once");
  assert.ok(nav.r.setCookies.some((c) => /^oidc_session=;/.test(c)), "and the bad cookie is cleared");
  const ok = await probe(s, "/app/data", [...api(), ["cookie", cookie]]);
  assert.equal(ok.r.status, 200, "the untouched cookie still works");
  return 401;
});

dcase({ id: "D30-session-as-login-cookie", section: "D", expect: 401,
  title: "a valid session value presented as the login cookie of a real flow (purpose binding): 401 at the callback, no token call, no session" }, async (seen) => {
  const { cookie } = await s.session("/app/x");
  const sealed = cookie.slice("oidc_session=1.".length);
  const first = await s.get("/app/y", navigate());
  const loginName = cookiePair(first.setCookies, /^oidc_login_/)!.split("=")[0];
  const back = new URL((await idpAnswer(s, first.location!)).location!);
  const calls = s.idp.log.filter((l) => l === "POST /token").length;
  const r = await s.get(`${back.pathname}${back.search}`, [...navigate(), ["sec-fetch-site", "cross-site"], ["cookie", `${loginName}=${sealed}`]]);
  seen.got = r.status;
  assert.equal(r.status, 401);
  assert.ok(!sessionSet(r));
  assert.equal(s.idp.log.filter((l) => l === "POST /token").length, calls, "no token request");
  s.assertNoSecrets(r, [s.idp.flow?.code ?? ""]);
  return r.status;
});

dcase({ id: "D30-login-as-session", section: "D", expect: 401,
  title: "a valid login-cookie value presented as the session cookie (purpose binding): no session" }, async (seen) => {
  const first = await s.get("/app/y", navigate());
  const login = cookiePair(first.setCookies, /^oidc_login_/)!;
  const value = login.slice(login.indexOf("=") + 1);
  for (const c of [`oidc_session=1.${value}`, `oidc_session=${value}`]) {
    const x = await probe(s, "/app/data", [...api(), ["cookie", c]]);
    seen.got = x.r.status;
    assertNoSession(x, c.slice(0, 20));
  }
  return seen.got;
});

dcase({ id: "D30-login-cookie-renamed", section: "D", expect: 401,
  title: "the login cookie of one flow renamed to another flow's name (the name is bound into the seal): 401" }, async (seen) => {
  const a = await s.get("/app/a", navigate());
  const b = await s.get("/app/b", navigate());
  const la = cookiePair(a.setCookies, /^oidc_login_/)!;
  const lbName = cookiePair(b.setCookies, /^oidc_login_/)!.split("=")[0];
  const back = new URL((await idpAnswer(s, b.location!)).location!);
  const r = await s.get(`${back.pathname}${back.search}`, [...navigate(), ["sec-fetch-site", "cross-site"], ["cookie", `${lbName}=${la.slice(la.indexOf("=") + 1)}`]]);
  seen.got = r.status;
  assert.equal(r.status, 401);
  assert.ok(!sessionSet(r));
  return r.status;
});

dcase({ id: "D30-other-gateway-session", section: "D", expect: 401,
  title: "a session sealed by another gateway (another cookie secret) under the same cookie name: no session" }, async (seen) => {
  const foreign = (await tls.session("/app/x")).cookie.replace(/^__Host-/, "");
  const x = await probe(s, "/app/data", [...api(), ["cookie", foreign]]);
  seen.got = x.r.status;
  assertNoSession(x, "foreign");
  return x.r.status;
});

// --- D.34 chunks ------------------------------------------------------------------------------------

dcase({ id: "D34-chunk-tampering", section: "D", ref: "oauth2-proxy #69, #681", expect: 401,
  title: "a chunked session (9 KB ID token): a missing, swapped, foreign or extra chunk gives no session; sign-out clears every chunk" }, async (seen) => {
  const big = async () => {
    s.idp.script = { token: async (_f, idp) => idp.tokens(await idp.idToken({ claims: { pad: "q".repeat(9000) } })) };
    try { return (await s.session("/app/x")).cookie; } finally { s.idp.script = {}; }
  };
  const one = (await big()).split("; ");
  const two = (await big()).split("; ");
  assert.ok(one.length >= 3, `${one.length} chunks`);
  const join = (parts: string[]) => parts.join("; ");
  const swapped = [...one];
  [swapped[1], swapped[2]] = [`${one[1].split("=")[0]}=${one[2].split("=")[1]}`, `${one[2].split("=")[0]}=${one[1].split("=")[1]}`];
  const variants: [string, string][] = [
    ["missing last chunk", join(one.slice(0, -1))],
    ["missing chunk 1", join([one[0], ...one.slice(2)])],
    ["chunks 1 and 2 swapped", join(swapped)],
    ["chunk 1 from another session", join([one[0], two[1], ...one.slice(2)])],
    ["chunk 0 from another session", join([two[0], ...one.slice(1)])],
    ["chunk 1 twice", join([...one, one[1]])],
    ["count says one chunk", join([one[0].replace(/=\d\./, "=1."), ...one.slice(1)])],
  ];
  for (const [what, c] of variants) {
    const x = await probe(s, "/app/data", [...api(), ["cookie", c]]);
    seen.got = x.r.status;
    assertNoSession(x, what);
  }
  assert.equal((await probe(s, "/app/data", [...api(), ["cookie", join(one)]])).r.status, 200, "the intact chunks work");
  const out = await s.get("/oauth2/sign_out", [...navigate(), ["cookie", join(one)]]);
  const cleared = out.setCookies.filter((c) => /^oidc_session(_\d+)?=;.*Max-Age=0/.test(c)).map((c) => c.split("=")[0]);
  assert.deepEqual(cleared.sort(), one.map((c) => c.split("=")[0]).sort(), "sign-out clears every chunk");
  return seen.got;
});

// --- G.52 sizes and encodings ------------------------------------------------------------------------

dcase({ id: "D52-60kb-cookie", section: "D", ref: "security.md G.52", expect: 431,
  title: "a 60 KB Cookie header: Envoy answers 431 before the filter; the VM is unaffected" }, async (seen) => {
  const x = await probe(s, "/app/data", [...api(), ["cookie", `big=${"x".repeat(60 * 1024)}`]]);
  seen.got = x.r.status;
  assert.equal(x.r.status, 431);
  assert.ok(!x.reached);
  return 431;
});

dcase({ id: "D52-500-cookies", section: "D", expect: 200,
  title: "500 cookies around a valid session: the session still works and the 500 reach the app unchanged; without the session, 401" }, async (seen) => {
  const { cookie } = await s.session("/app/x");
  const many = Array.from({ length: 500 }, (_, i) => `c${i}=v${i}`);
  const header = [...many.slice(0, 250), cookie, ...many.slice(250)].join("; ");
  const x = await probe(s, "/app/data", [...api(), ["cookie", header]]);
  seen.got = x.r.status;
  assert.equal(x.r.status, 200);
  assert.match(String(x.upstream?.authorization), /^Bearer /);
  assert.equal(x.upstream?.cookie, many.join("; "));
  const y = await probe(s, "/app/data", [...api(), ["cookie", many.join("; ")]]);
  assertNoSession(y, "500 cookies, no session");
  return 200;
});

dcase({ id: "D52-5000-cookies", section: "D", expect: 431, expectAny: [431, 401],
  title: "5000 tiny cookies (past the filter's parse cap, under Envoy's header limit): refused 431 by the filter, no trap" }, async (seen) => {
  const { cookie } = await s.session("/app/x");
  const header = [...Array.from({ length: 5000 }, (_, i) => `${(i % 26 + 10).toString(36)}=${i % 10}`), cookie].join(";");
  const x = await probe(s, "/app/data", [...api(), ["cookie", header]]);
  seen.got = x.r.status;
  assert.ok([431, 401].includes(x.r.status), `status ${x.r.status}`);
  assert.ok(!x.reached, "never upstream (a cookie of ours could hide past the cap)");
  return x.r.status;
});

const badValues = ["1.!!!!", "1.", "1", "", "0.AAAA", "9.AAAA", "1.AAAA=", "1.AA==", "1.%00%01", "1.AAAA AAAA", "\"1.AAAA\"", "1.\u00e9\u00e9\u00e9",
  `1.${"A".repeat(8000)}`, `1.${"_".repeat(64)}`, "1.AQ", "1.AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1.+/+/", "-1.AAAA", "1.\t"];
dcase({ id: "D52-bad-base64", section: "D", expect: 401, expectAny: [401, 400],
  title: `${badValues.length} malformed session values (bad base64, padding, empty, wrong chunk counts, 8 KB, non-ASCII, too short for a nonce): no session, no trap` }, async (seen) => {
  for (const v of badValues) {
    for (const [who, h] of [["api", api()], ["browser", navigate()]] as const) {
      const x = await probe(s, "/app/data", [...h, ["cookie", `oidc_session=${v}`]]);
      seen.got = x.r.status;
      assertNoSession(x, `${who} ${JSON.stringify(v.slice(0, 20))}`);
    }
  }
  return 401;
});

async function idpAnswer(st: Stack, location: string): Promise<Reply> {
  const { send } = await import("./hostile-clients-gateway.ts");
  const u = new URL(location);
  return send(Number(u.port), `${u.pathname}${u.search}`, [["host", u.host]]);
}

