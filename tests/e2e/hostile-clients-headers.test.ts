// security.md F.41-47 through real Envoy and the built filter: what a client can put in request
// headers. One gateway protects everything except /public (bypass_if_matched); the backend records
// every request, so each case shows what actually reached it. Every case checks the status, that no
// session was set unless it is a valid login, that no code, token or secret is in the body or
// Location, and that a full login still works afterwards; Envoy's log is checked once at the end.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeReport } from "./hostile/report.ts";
import { Stack, api, navigate, sessionSet, recorded, header, APP_HOST, type HeaderPairs, type Reply, type CaseInfo } from "./hostile-clients-gateway.ts";

const SUITE = "hostile-clients-headers";
let s: Stack;
const REDIRECT_URI = `http://${APP_HOST}/oauth2/callback`;

before(async () => {
  s = await Stack.start({ config: { match: { mode: "bypass_if_matched", rules: [{ path: "/public", type: "prefix" }] } } });
});

after(async () => {
  try { s?.assertLogClean(); } finally { await s?.stop(); writeReport(SUITE); }
});

/** A named case: `body` runs, then a full login must still work. */
function hcase(c: CaseInfo, body: (seen: { got: number }) => Promise<number>): void {
  test(`${c.id}: ${c.title}${c.ref ? ` [${c.ref}]` : ""}`, async () => {
    await recorded(c, async (seen) => {
      const status = await body(seen);
      await s.assertAlive();
      return status;
    });
  });
}

/** One request and whether it reached the backend (and with which headers). */
async function hit(target: string, headers: HeaderPairs): Promise<{ r: Reply; upstream?: Record<string, string | string[] | undefined> }> {
  const n = s.seen();
  const r = await s.get(target, headers);
  s.assertNoSecrets(r);
  // No case here is a login: no response may set a session.
  assert.ok(!sessionSet(r), `${target}: no session set`);
  return { r, upstream: s.seen() > n ? s.backend.requests[n].headers : undefined };
}

/** Not forwarded, no session: 302 to the IdP for a browser, 401 for an API client (400 also refuses). */
function assertStopped(x: { r: Reply; upstream?: unknown }, browser: boolean, what: string): void {
  assert.equal(x.upstream, undefined, `${what}: reached the backend`);
  assert.ok(!sessionSet(x.r), `${what}: no session`);
  if (x.r.status === 302) {
    assert.ok(browser, `${what}: an API client is not redirected`);
    assert.ok(x.r.location?.startsWith(`${s.idp.issuer}/authorize?`), `${what}: to the IdP`);
  } else {
    assert.ok((browser ? [400] : [401, 400]).includes(x.r.status), `${what}: status ${x.r.status}`);
  }
}

async function login() {
  const l = await s.login("/app/start");
  assert.equal(l.callback?.status, 302);
  assert.ok(l.session);
  const idToken = l.issued.find((t) => t.split(".").length === 3)!;
  return { cookie: l.session!, idToken, l };
}

// --- F.41: Authorization from the client ---------------------------------------------------------

hcase({ id: "F41-bearer-no-session", section: "F", ref: "CVE-2022-29226", expect: 302, expectAny: [302, 401],
  title: "a real IdP-signed ID token as Authorization: Bearer, no session: browser 302 to the IdP, API 401, never upstream" }, async (seen) => {
  const { idToken } = await login();
  for (const [who, h] of [["browser", navigate()], ["api", api()]] as const) {
    const x = await hit("/app/data", [...h, ["authorization", `Bearer ${idToken}`]]);
    seen.got = x.r.status;
    assertStopped(x, who === "browser", who);
    assert.ok(!x.r.body.includes(idToken) && !(x.r.location ?? "").includes(idToken), "the token is not echoed");
  }
  return 302;
});

for (const [id, value] of [["F41-bearer-junk", "Bearer not-a-jwt"], ["F41-basic", "Basic YWRtaW46YWRtaW4="], ["F41-empty", ""], ["F41-lowercase-scheme", "bearer a.b.c"]] as const) {
  hcase({ id, section: "F", expect: 302, expectAny: [302, 401], title: `Authorization: ${JSON.stringify(value)}: stopped on a protected path, stripped on /public` }, async (seen) => {
    const x = await hit("/app/data", [...navigate(), ["authorization", value]]);
    seen.got = x.r.status;
    assertStopped(x, true, "protected");
    const p = await hit("/public/page", [...api(), ["authorization", value]]);
    assert.equal(p.r.status, 200);
    assert.equal(p.upstream?.authorization, undefined, "stripped on a public route");
    return x.r.status;
  });
}

hcase({ id: "F41-bearer-with-session", section: "F", ref: "CVE-2022-29226", expect: 200,
  title: "a session plus the client's own Authorization: Bearer: upstream gets exactly our ID token" }, async (seen) => {
  const { cookie, idToken } = await login();
  const x = await hit("/app/data", [...api(), ["cookie", cookie], ["authorization", "Bearer attacker.chosen.token"]]);
  seen.got = x.r.status;
  assert.equal(x.r.status, 200);
  assert.equal(x.upstream?.authorization, `Bearer ${idToken}`);
  return 200;
});

hcase({ id: "F41-public-with-session", section: "F", expect: 200,
  title: "a session on a public route: no Authorization forwarded (the JWT goes only where login is required), our cookies stripped" }, async (seen) => {
  const { cookie } = await login();
  const x = await hit("/public/page", [...api(), ["cookie", `app=1; ${cookie}`], ["authorization", "Bearer x.y.z"]]);
  seen.got = x.r.status;
  assert.equal(x.r.status, 200);
  assert.equal(x.upstream?.authorization, undefined);
  assert.equal(x.upstream?.cookie, "app=1");
  return 200;
});

// --- F.42: identity headers a client must never set -----------------------------------------------

const spoofable = ["X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Access-Token", "X-Forwarded-Preferred-Username", "X-Forwarded-Groups",
  "X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Access-Token", "X-Auth-Request-Groups", "X-Auth-Request-Preferred-Username",
  "X-Auth-Request-Redirect", "x-jwt-payload"];

/** Header names a backend may read as `name` (lower-cased, "_" as "-": CGI, WSGI, PHP, Rack). */
const canonical = (n: string) => n.toLowerCase().replace(/_/g, "-");

function assertNoSpoofed(upstream: Record<string, unknown> | undefined, what: string): void {
  const bad = Object.keys(upstream ?? {}).filter((k) => spoofable.map(canonical).includes(canonical(k)));
  assert.deepEqual(bad, [], `${what}: the backend got ${bad.join(", ")}`);
}

for (const name of spoofable) {
  hcase({ id: `F42-${name.toLowerCase()}`, section: "F", expect: 200,
    title: `${name} from the client (twice, mixed case): stripped on a public route, on a protected route with a session, and never lets one in` }, async (seen) => {
    const spoof: HeaderPairs = [[name, "admin@example.com"], ["accept-language", "en"], [name.toUpperCase(), "root"]];
    const pub = await hit("/public/page", [...api(), ...spoof]);
    seen.got = pub.r.status;
    assert.equal(pub.r.status, 200);
    assertNoSpoofed(pub.upstream, "public");
    const stopped = await hit("/app/data", [...api(), ...spoof]);
    assertStopped(stopped, false, "protected, no session");
    const { cookie } = await login();
    const withSession = await hit("/app/data", [...api(), ["cookie", cookie], ...spoof]);
    assert.equal(withSession.r.status, 200);
    assertNoSpoofed(withSession.upstream, "protected with a session");
    return 200;
  });
}

// Envoy passes header names with "_" by default (headers_with_underscores_action ALLOW, as Istio's
// gateway does); CGI-style backends read X_Forwarded_User as X-Forwarded-User.
const underscored = ["x_forwarded_user", "X_Forwarded_Email", "x-forwarded_access-token", "x_auth_request_user", "x-auth_request-email", "x_jwt_payload"];
for (const name of underscored) {
  hcase({ id: `F42-underscore-${name.toLowerCase()}`, section: "F", ref: "GHSA-vjrc-mh2v-45x6 (CVE-2025-64484)", expect: 200, expectAny: [200, 400],
    title: `${name} (underscore variant of an identity header): stripped or refused, on a public route and with a session` }, async (seen) => {
    const pub = await hit("/public/page", [...api(), [name, "admin@example.com"]]);
    seen.got = pub.r.status;
    if (pub.r.status !== 400) { assert.equal(pub.r.status, 200); assertNoSpoofed(pub.upstream, "public"); }
    const { cookie } = await login();
    const withSession = await hit("/app/data", [...api(), ["cookie", cookie], [name, "admin@example.com"]]);
    if (withSession.r.status !== 400) { assert.equal(withSession.r.status, 200); assertNoSpoofed(withSession.upstream, "with a session"); }
    return pub.r.status;
  });
}

// --- F.43: original-URI headers never change the decision ----------------------------------------

for (const [name, value] of [["X-Forwarded-Uri", "/public/x"], ["X-Original-URI", "/public/x"], ["X-Original-URL", "/public/x"], ["x-envoy-original-path", "/public/x"],
  ["X-Rewrite-URL", "/public/x"], ["X-Forwarded-Prefix", "/public"], [":path", "/public/x"]] as const) {
  hcase({ id: `F43-${name.replace(/^:/, "").toLowerCase()}`, section: "F", ref: "GHSA-7x63-xv5r-3p2x, CVE-2023-27487", expect: 302, expectAny: [302, 401, 400],
    title: `${name}: ${value} on a protected path: still protected; on /public with ${name}: /app it stays open` }, async (seen) => {
    for (const [who, h] of [["browser", navigate()], ["api", api()]] as const) {
      const x = await hit("/app/secret", [...h, [name, value]]);
      seen.got = x.r.status;
      assertStopped(x, who === "browser", who);
    }
    if (!name.startsWith(":")) {
      const open = await hit("/public/x", [...api(), [name, "/app/secret"]]);
      assert.equal(open.r.status, 200, "a public path stays public");
    }
    return seen.got;
  });
}

// --- F.44: forwarding headers never reach redirect_uri, cookies or the return URL -----------------

const forwarding: HeaderPairs = [["x-forwarded-host", "evil.example"], ["x-forwarded-proto", "https"], ["forwarded", "for=1.2.3.4;host=evil.example;proto=https"],
  ["x-forwarded-port", "8443"], ["x-forwarded-server", "evil.example"], ["x-host", "evil.example"]];

hcase({ id: "F44-forwarded-login", section: "F", ref: "security.md B.24", expect: 302, accepted: true,
  title: "X-Forwarded-Host/-Proto/-Port, Forwarded, X-Host on every step of a login: redirect_uri, cookie names and attributes and the return URL unchanged" }, async (seen) => {
  const l = await s.login("/app/page?x=1", [...navigate(), ...forwarding], forwarding);
  seen.got = l.callback?.status ?? l.first.status;
  const authorize = new URL(l.first.location!);
  assert.equal(authorize.searchParams.get("redirect_uri"), REDIRECT_URI);
  for (const c of [...l.first.setCookies, ...(l.callback?.setCookies ?? [])]) {
    assert.ok(!/;\s*(Domain|Secure)\b/i.test(c), `no Domain or Secure from a header: ${c.slice(0, 40)}…`);
    assert.ok(!c.startsWith("__Host-"), "no __Host- from X-Forwarded-Proto: https");
  }
  assert.equal(l.callback?.status, 302);
  assert.ok(l.session);
  assert.equal(l.callback?.location, "/app/page?x=1");
  for (const r of [l.first, l.callback!]) assert.ok(!r.body.includes("evil.example") && !(r.location ?? "").includes("evil.example"));
  const out = await s.get("/oauth2/sign_out", [...navigate(), ["cookie", l.session!], ...forwarding]);
  // RP-Initiated Logout sends the ID token as id_token_hint (and nothing else secret).
  const idToken = l.issued.find((t) => t.split(".").length === 3)!;
  s.assertNoSecrets(out, [], [idToken]);
  const logout = new URL(out.location!);
  assert.equal(`${logout.origin}${logout.pathname}`, `${s.idp.issuer}/logout`, "sign-out goes to the IdP's logout endpoint");
  assert.equal(logout.searchParams.get("id_token_hint"), idToken);
  assert.ok(!out.location?.includes("evil.example"), "and names no forwarded host");
  return 302;
});

hcase({ id: "F44-forwarded-401", section: "F", expect: 401, title: "forwarding headers on an API request: 401 whose body and headers name no forwarded host" }, async (seen) => {
  const x = await hit("/app/data", [...api(), ...forwarding]);
  seen.got = x.r.status;
  assertStopped(x, false, "api");
  assert.ok(!x.r.head.includes("evil.example") && !x.r.body.includes("evil.example"));
  return x.r.status;
});

// --- F.45: client-chosen identity of the caller never skips auth ---------------------------------

const userAgents = ["kube-probe/1.29", "GoogleHC/1.0", "ELB-HealthChecker/2.0", "Envoy/HC", "Prometheus/2.45.0", "Consul Health Check", "Go-http-client/1.1",
  "curl/8.5.0", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ""];
for (const ua of userAgents) {
  hcase({ id: `F45-ua-${ua.split(/[/ ]/)[0] || "empty"}`, section: "F", ref: "GHSA-5hvv-m4w4-gf6v", expect: 401, expectAny: [302, 401],
    title: `User-Agent ${JSON.stringify(ua)} on a protected path (and on /healthz): still needs login` }, async (seen) => {
    for (const path of ["/app/data", "/healthz", "/ping"]) {
      const h: HeaderPairs = [["accept", "*/*"], ["user-agent", ua]];
      const x = await hit(path, h);
      seen.got = x.r.status;
      assertStopped(x, false, `${path} ${ua}`);
    }
    return seen.got;
  });
}

const callerHeaders: HeaderPairs = [["x-forwarded-for", "127.0.0.1"], ["x-forwarded-for", "10.0.0.1, 127.0.0.1"], ["x-real-ip", "127.0.0.1"], ["true-client-ip", "127.0.0.1"],
  ["x-client-ip", "10.0.0.1"], ["x-envoy-external-address", "127.0.0.1"], ["x-envoy-internal", "true"], ["x-forwarded-client-cert", "By=spiffe://cluster.local/ns/x/sa/y"],
  ["x-envoy-peer-metadata-id", "router~10.0.0.1~gw~ns.svc.cluster.local"]];
for (const [name, value] of callerHeaders) {
  hcase({ id: `F45-${name}=${value.replace(/[^\w.]+/g, "_")}`, section: "F", expect: 302, expectAny: [302, 401],
    title: `${name}: ${value} on a protected path: still needs login` }, async (seen) => {
    for (const [who, h] of [["browser", navigate()], ["api", api()]] as const) {
      const x = await hit("/app/data", [...h, [name, value]]);
      seen.got = x.r.status;
      assertStopped(x, who === "browser", who);
    }
    return seen.got;
  });
}

// --- F.46: duplicates ----------------------------------------------------------------------------

hcase({ id: "F46-two-cookie-headers", section: "F", expect: 400, expectAny: [400, 302, 401],
  title: "two Cookie headers (each with the valid session, or the session and an app cookie): refused 400 or no session, never upstream" }, async (seen) => {
  const { cookie } = await login();
  for (const second of [cookie, "app=1", `oidc_session=1.${"A".repeat(60)}`]) {
    for (const [who, h] of [["browser", navigate()], ["api", api()]] as const) {
      const x = await hit("/app/data", [...h, ["cookie", cookie], ["cookie", second]]);
      seen.got = x.r.status;
      assertStopped(x, who === "browser", `${who}, second Cookie ${second.slice(0, 20)}`);
    }
  }
  return seen.got;
});

hcase({ id: "F46-two-authorization-headers", section: "F", expect: 400, expectAny: [400, 302, 401, 200],
  title: "two Authorization headers: without a session stopped (400/302/401); with a session 400, or upstream gets only our token" }, async (seen) => {
  const pair: HeaderPairs = [["authorization", "Bearer a.b.c"], ["authorization", "Bearer d.e.f"]];
  const x = await hit("/app/data", [...api(), ...pair]);
  seen.got = x.r.status;
  assertStopped(x, false, "no session");
  const { cookie, idToken } = await login();
  const y = await hit("/app/data", [...api(), ["cookie", cookie], ...pair]);
  // Envoy's HTTP/1 codec joins repeated Authorization headers into one before any filter runs, so the
  // filter may see a single (comma-joined) value: then it must be replaced by ours, whole.
  if (y.r.status !== 400) {
    assert.equal(y.r.status, 200);
    assert.equal(y.upstream?.authorization, `Bearer ${idToken}`);
  }
  return y.r.status;
});

hcase({ id: "F46-duplicate-session-name", section: "F", expect: 302, expectAny: [302, 401, 400],
  title: "the session cookie name twice in one Cookie header (valid+valid, valid+junk, junk+valid): no session" }, async (seen) => {
  const { cookie } = await login();
  const other = (await login()).cookie;
  const junk = `oidc_session=1.${"B".repeat(80)}`;
  for (const c of [`${cookie}; ${cookie}`, `${cookie}; ${other}`, `${cookie}; ${junk}`, `${junk}; ${cookie}`, `${cookie}; oidc_session=`]) {
    for (const [who, h] of [["browser", navigate()], ["api", api()]] as const) {
      const x = await hit("/app/data", [...h, ["cookie", c]]);
      seen.got = x.r.status;
      assertStopped(x, who === "browser", `${who} ${c.length}`);
    }
  }
  return seen.got;
});

// --- F.47: upstream hygiene ------------------------------------------------------------------------

hcase({ id: "F47-cookies-stripped", section: "F", ref: "Envoy PR #40228", expect: 200,
  title: "session, leftover login cookies and stray chunks are removed upstream; the app's cookies pass byte for byte" }, async (seen) => {
  const { cookie, l } = await login();
  const start = await s.get("/app/other", navigate());
  const loginCookie = start.setCookies.map((c) => c.split(";")[0]).find((c) => c.startsWith("oidc_login_"))!;
  const header = `theme=dark; ${cookie}; ${loginCookie}; app="q v"; oidc_session_5=stray; =nameless; last=1`;
  const x = await hit("/app/data", [...api(), ["cookie", header]]);
  seen.got = x.r.status;
  assert.equal(x.r.status, 200);
  assert.equal(x.upstream?.cookie, `theme=dark; app="q v"; =nameless; last=1`);
  const only = await hit("/app/data", [...api(), ["cookie", cookie]]);
  assert.equal(only.upstream?.cookie, undefined, "a Cookie header holding only ours is dropped");
  assert.ok(l.callback);
  return 200;
});

hcase({ id: "F47-chunked-session-stripped", section: "F", expect: 200,
  title: "a session split into chunks (a 9 KB ID token): it works, and no chunk goes upstream, on protected and public routes" }, async (seen) => {
  s.idp.script = { token: async (_f, idp) => idp.tokens(await idp.idToken({ claims: { pad: "p".repeat(9000) } })) };
  let cookie: string;
  try {
    ({ cookie } = await login());
  } finally { s.idp.script = {}; }
  const names = cookie.split("; ").map((c) => c.split("=")[0]);
  assert.ok(names.length >= 3, `chunked: ${names.join(", ")}`);
  for (const path of ["/app/data", "/public/page"]) {
    const x = await hit(path, [...api(), ["cookie", `a=1; ${cookie}; z=2`]]);
    seen.got = x.r.status;
    assert.equal(x.r.status, 200);
    assert.equal(x.upstream?.cookie, "a=1; z=2", path);
  }
  return 200;
});

hcase({ id: "F47-callback-headers", section: "F", ref: "RFC 9700 §4.2.4", expect: 302, expectAny: [302, 400, 401],
  title: "every callback answer (success, no state, bad state, no login cookie) carries Cache-Control: no-store and Referrer-Policy: no-referrer" }, async (seen) => {
  const ok = await s.login("/app/x");
  const answers: [string, Reply][] = [["success", ok.callback!]];
  const first = await s.get("/app/y", navigate());
  const state = new URL(first.location!).searchParams.get("state")!;
  const lc = first.setCookies.map((c) => c.split(";")[0]).find((c) => c.startsWith("oidc_login_"))!;
  answers.push(["no state", await s.get("/oauth2/callback?code=abc", [...navigate(), ["cookie", lc]])]);
  answers.push(["bad state", await s.get(`/oauth2/callback?code=abc&state=${state.slice(0, 16)}${"A".repeat(27)}`, [...navigate(), ["cookie", lc]])]);
  answers.push(["no login cookie", await s.get(`/oauth2/callback?code=abc&state=${state}`, navigate())]);
  for (const [what, r] of answers) {
    seen.got = r.status;
    assert.equal(header(r, "cache-control"), "no-store", `${what}: Cache-Control`);
    assert.equal(header(r, "referrer-policy"), "no-referrer", `${what}: Referrer-Policy`);
    s.assertNoSecrets(r);
  }
  assert.deepEqual(answers.map(([, r]) => r.status), [302, 400, 401, 401]);
  return 302;
});
