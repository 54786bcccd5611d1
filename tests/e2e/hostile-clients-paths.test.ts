// security.md E.36-40 through real Envoy and the built filter: path tricks against a protected /admin
// (match auth_if_matched, prefix /admin) and against the inverse configuration (bypass_if_matched,
// prefix /public), each under Istio's BASE normalization and with Envoy's normalization off ("raw"):
// four gateways, started once. A hostile path must be protected (302 to the IdP / 401) or refused by
// Envoy (400/404...), and must never reach the backend unauthenticated. On top of each case's
// expectation, every request the backend did see is judged by how lenient backends read a path
// (decoding repeatedly, "\" as "/", ";params" dropped, "//" merged, dot segments, any case): no
// reading may name a protected resource. Also Host variants (E.39) and exact callback and sign-out
// paths (E.40).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { HostileIdp } from "./hostile/idp.ts";
import { writeReport } from "./hostile/report.ts";
import { Stack, api, navigate, sessionSet, recorded, type HeaderPairs, type Reply } from "./hostile-clients-gateway.ts";

const SUITE = "hostile-clients-paths";
const idp = new HostileIdp();

type Mode = "auth" | "bypass";
const MATCH: Record<Mode, unknown> = {
  auth: { mode: "auth_if_matched", rules: [{ path: "/admin", type: "prefix" }] },
  bypass: { mode: "bypass_if_matched", rules: [{ path: "/public", type: "prefix" }] },
};
const gw = new Map<string, Stack>();
const key = (m: Mode, n: "istio-base" | "raw") => `${m}/${n}`;
const all = () => [...gw.entries()].map(([k, s]) => ({ k, s, mode: k.split("/")[0] as Mode }));

before(async () => {
  await idp.start();
  const combos: [Mode, "istio-base" | "raw"][] = [["auth", "istio-base"], ["auth", "raw"], ["bypass", "istio-base"], ["bypass", "raw"]];
  const stacks = await Promise.all(combos.map(([m, n]) => Stack.start({ idp, normalization: n, config: { match: MATCH[m] }, protectedPath: "/admin/__alive" })));
  combos.forEach(([m, n], i) => gw.set(key(m, n), stacks[i]));
});

after(async () => {
  try {
    for (const { s } of all()) s.assertLogClean();
  } finally {
    await Promise.all(all().map(({ s }) => s.stop()));
    await idp.stop();
    writeReport(SUITE);
  }
});

// --- how lenient backends may read a path -------------------------------------------------------

function decodeAll(p: string): string {
  let prev = "";
  let cur = p;
  for (let i = 0; i < 5 && cur !== prev; i++) {
    prev = cur;
    cur = cur.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return cur;
}

function removeDots(p: string): string {
  const out: string[] = [];
  for (const s of p.split("/")) {
    if (s === ".") continue;
    if (s === "..") { if (out.length > 1) out.pop(); continue; }
    out.push(s);
  }
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** The resources a backend might serve for the path it received (query and fragment cut off). */
function readings(received: string): string[] {
  const path = received.split("?")[0].split("#")[0];
  const once = path.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const lenient = (p: string) => removeDots(p.replace(/\\/g, "/").replace(/\0.*$/, "").split("/").map((s) => s.split(";")[0]).join("/").replace(/\/{2,}/g, "/"));
  // A hop that decodes the whole target and parses it again (a decoded "?" or "#" then ends the path).
  const reparsed = decodeAll(received).split("?")[0].split("#")[0];
  const r = [path, removeDots(path), removeDots(once), lenient(once), lenient(decodeAll(path)), lenient(reparsed)];
  return [...new Set([...r, ...r.map((x) => x.toLowerCase())])];
}

function protectedResource(mode: Mode, p: string): boolean {
  const under = (prefix: string) => p === prefix || p.startsWith(`${prefix}/`);
  return mode === "auth" ? under("/admin") : !under("/public");
}

/** Every request the backend saw since `from` must be open under every reading, or carry our Bearer token. */
function assertNothingProtectedReached(s: Stack, mode: Mode, from: number, what: string): void {
  for (const r of s.backend.requests.slice(from)) {
    if (/^Bearer \S+\.\S+\.\S+$/.test(r.headers.authorization ?? "") && r.claims?.sub === "alice-0001") continue;
    const bad = readings(r.path).filter((x) => protectedResource(mode, x));
    assert.deepEqual(bad, [], `${what}: the backend got ${JSON.stringify(r.path)} unauthenticated, readable as ${bad.join(", ")}`);
  }
}

// --- E.36-38: the path list ----------------------------------------------------------------------

type Expect = "protected" | "open";
interface PathCase { id: string; target: string; auth: Expect; bypass: Expect; ref?: string; note?: string }

const P = "protected" as const;
const O = "open" as const;
const pathCases: PathCase[] = [
  { id: "E36-admin", target: "/admin", auth: P, bypass: P, note: "baseline" },
  { id: "E36-double-slash", target: "//admin", auth: P, bypass: P, ref: "CVE-2021-31920" },
  { id: "E36-trailing-slash", target: "/admin/", auth: P, bypass: P },
  { id: "E36-case", target: "/Admin", auth: P, bypass: P },
  { id: "E36-case-upper-sub", target: "/ADMIN/x", auth: P, bypass: P },
  { id: "E36-encoded-a", target: "/%61dmin", auth: P, bypass: P },
  { id: "E36-encoded-A-upper", target: "/%41DMIN", auth: P, bypass: P },
  { id: "E36-dotdot", target: "/public/../admin", auth: P, bypass: P },
  { id: "E36-encoded-dotdot", target: "/public/%2e%2e/admin", auth: P, bypass: P },
  { id: "E36-mixed-dotdot", target: "/public/.%2e/admin", auth: P, bypass: P },
  { id: "E36-dotdot-encoded-slash", target: "/public/..%2fadmin", auth: P, bypass: P, ref: "CVE-2021-29492" },
  { id: "E36-encoded-slashes", target: "/public%2f..%2fadmin", auth: P, bypass: P, ref: "CVE-2021-29492" },
  { id: "E36-encoded-backslash", target: "/public/..%5cadmin", auth: P, bypass: P, ref: "CVE-2021-31920" },
  { id: "E36-raw-backslash", target: "/public\\..\\admin", auth: P, bypass: P },
  { id: "E36-double-encoded-dotdot", target: "/public/%252e%252e/admin", auth: P, bypass: P },
  { id: "E36-tomcat-params", target: "/public/..;/admin", auth: P, bypass: P },
  { id: "E36-params-first", target: "/public;/../admin", auth: P, bypass: P },
  { id: "E36-semicolon", target: "/admin;x", auth: P, bypass: P },
  { id: "E36-encoded-semicolon", target: "/admin%3bx", auth: P, bypass: P },
  { id: "E36-nul", target: "/admin%00", auth: P, bypass: P },
  { id: "E36-nul-then-public", target: "/public%00/../admin", auth: P, bypass: P },
  { id: "E36-fragment", target: "/admin#/public", auth: P, bypass: P, ref: "CVE-2021-39156" },
  { id: "E36-fragment-after-public", target: "/public#/../admin", auth: O, bypass: O, ref: "CVE-2021-39156", note: "if Envoy drops the fragment the resource is /public" },
  { id: "E36-query", target: "/admin?public", auth: P, bypass: P, ref: "GHSA-7rh7-c77v-6434" },
  { id: "E36-query-path", target: "/admin?/public/x", auth: P, bypass: P, ref: "GHSA-7rh7-c77v-6434" },
  // Like %2F and %3B, a decoded "?" or "#" means something else to a hop that decodes and parses again
  // (Apache mod_rewrite/mod_proxy "confusion" attacks, CVE-2024-38474, from memory): there /admin%3F/x is /admin.
  { id: "E36-encoded-query", target: "/admin%3f/public", auth: P, bypass: P, ref: "CVE-2024-38474 class", note: "a decoded ? ends the path at /admin for a hop that decodes and re-parses" },
  { id: "E36-encoded-fragment", target: "/admin%23/public", auth: P, bypass: P, ref: "CVE-2024-38474 class", note: "likewise a decoded #" },
  { id: "E36-sub", target: "/admin/x", auth: P, bypass: P },
  { id: "E36-dot-sub", target: "/./admin", auth: P, bypass: P },
  { id: "E36-public-dot-dot-twice", target: "/public/x/../../admin", auth: P, bypass: P },
  { id: "E36-admin-up-to-root", target: "/admin/..", auth: O, bypass: P, note: "istio-base: the resource is /" },
  { id: "E38-adminx", target: "/adminx", auth: O, bypass: P, note: "another resource: open where only /admin is protected" },
  { id: "E38-publicadmin", target: "/publicadmin", auth: O, bypass: P },
  { id: "E38-public-sub", target: "/public/x", auth: O, bypass: O },
  { id: "E38-public", target: "/public", auth: O, bypass: O },
  { id: "E38-public-slash", target: "/public/", auth: O, bypass: O },
  { id: "E38-public-case", target: "/PUBLIC/x", auth: O, bypass: P, note: "bypass rules match only the spelling written" },
  { id: "E38-double-slash-public", target: "//public/x", auth: P, bypass: P, note: "ambiguous: fails closed in both modes" },
  { id: "E38-encoded-slash-public", target: "/public%2fx", auth: P, bypass: P },
  { id: "E38-public-query-admin", target: "/public/x?next=/admin", auth: O, bypass: O },
];

/** One request: did it stay away from the backend and get a protected answer? */
async function probe(s: Stack, target: string, headers: HeaderPairs): Promise<{ r: Reply; reached: boolean }> {
  const n = s.seen();
  const r = await s.get(target, headers);
  return { r, reached: s.seen() > n };
}

function assertProtected(s: Stack, r: Reply, reached: boolean, browser: boolean, where: string): void {
  assert.ok(!reached, `${where}: reached the backend (status ${r.status})`);
  assert.ok(!sessionSet(r), `${where}: no session`);
  if (r.status === 302) {
    assert.ok(browser, `${where}: an API request is never redirected`);
    assert.ok(r.location?.startsWith(`${idp.issuer}/authorize?`), `${where}: 302 goes to the IdP (${r.location?.slice(0, 60)})`);
  } else {
    const ok = browser ? [400, 404, 426] : [401, 400, 404, 426];
    assert.ok(ok.includes(r.status), `${where}: status ${r.status}`);
  }
}

for (const c of pathCases) {
  test(`${c.id}: ${JSON.stringify(c.target)} — auth_if_matched /admin: ${c.auth}, bypass_if_matched /public: ${c.bypass}${c.ref ? ` [${c.ref}]` : ""}`, async () => {
    const answers: string[] = [];
    const info = { id: c.id, section: "E", ref: c.ref, expect: 302, expectAny: [302, 401, 400, 404, ...(c.auth === O || c.bypass === O ? [200] : [])],
      title: `${JSON.stringify(c.target)}: /admin-protected ${c.auth}, /public-bypassed ${c.bypass}${c.note ? ` (${c.note})` : ""}` };
    await recorded(info, async (seen) => {
      // Every gateway is tried even after one fails, so the report shows all four answers.
      const failures: string[] = [];
      for (const { k, s, mode } of all()) {
        const want = mode === "auth" ? c.auth : c.bypass;
        const from = s.seen();
        const statuses: number[] = [];
        try {
          for (const [who, headers] of [["browser", navigate()], ["api", api()]] as const) {
            const { r, reached } = await probe(s, c.target, headers);
            const where = `${k} ${who}`;
            statuses.push(r.status);
            if (want === P && (seen.got <= 0 || reached)) seen.got = r.status;
            if (!reached) s.assertNoSecrets(r);
            assert.ok(!sessionSet(r), `${where}: no session set`);
            if (want === O && reached) {
              assert.equal(r.status, 200, `${where}: open path served`);
              assert.equal(s.backend.requests.at(-1)?.headers.authorization, undefined, `${where}: no credentials on an open path`);
            } else {
              // Protected; or open but refused, which is allowed (fail closed), never required.
              assertProtected(s, r, reached, who === "browser", where);
            }
          }
          assertNothingProtectedReached(s, mode, from, k);
        } catch (e) {
          failures.push(e instanceof Error ? e.message.split("\n")[0] : String(e));
        } finally {
          answers.push(`${k.replace("istio-base", "base")} ${statuses.join("/")}`);
        }
      }
      info.title += `; got ${answers.join(", ")}`;
      assert.deepEqual(failures, [], failures.join("; "));
      for (const { s } of all()) await s.assertAlive();
      return seen.got > 0 ? seen.got : 200;
    });
  });
}

// --- E.39: Host variants --------------------------------------------------------------------------

const hostVariants: { host: string; callback: "accepted" | "refused" }[] = [
  { host: "APP.EXAMPLE.COM", callback: "accepted" },
  { host: "App.Example.Com", callback: "accepted" },
  { host: "app.example.com.", callback: "accepted" },
  { host: "app.example.com:80", callback: "accepted" },
  { host: "APP.example.com.:80", callback: "accepted" },
  { host: "app.example.com:443", callback: "refused" },
  { host: "app.example.com:8080", callback: "refused" },
  { host: "evil.example", callback: "refused" },
  { host: "app.example.com.evil.example", callback: "refused" },
  { host: "evil.example.app.example.com", callback: "refused" },
  { host: "127.0.0.1", callback: "refused" },
];

for (const v of hostVariants) {
  test(`E39-host ${JSON.stringify(v.host)}: /admin still needs login; the callback on it is ${v.callback}`, async () => {
    await recorded({ id: `E39-host-${v.host}`, section: "E", ref: "CVE-2021-39155", expect: v.callback === "accepted" ? 302 : 400,
      title: `Host ${v.host}: /admin protected in every gateway; callback ${v.callback === "accepted" ? "accepted (case, trailing dot, default port)" : "refused 400"}` }, async () => {
      for (const { k, s } of all()) {
        for (const [who, headers] of [["browser", navigate()], ["api", api()]] as const) {
          const { r, reached } = await probe(s, "/admin/x", [...headers, ["host", v.host]]);
          assertProtected(s, r, reached, who === "browser", `${k} ${who} Host ${v.host}`);
        }
      }
      const s = gw.get(key("auth", "istio-base"))!;
      const l = await s.login("/admin/page", navigate(), [["host", v.host]]);
      s.assertNoSecrets(l.callback);
      if (v.callback === "accepted") {
        assert.equal(l.callback?.status, 302, `callback on ${v.host}: ${l.callback?.status}`);
        assert.ok(l.session, "a session");
        assert.equal(l.callback?.location, "/admin/page", "back to the page, whatever the Host");
      } else {
        assert.equal(l.callback?.status, 400, `callback on ${v.host}: ${l.callback?.status}`);
        assert.ok(!sessionSet(l.callback!), "no session");
      }
      await s.assertAlive();
      return l.callback?.status ?? 0;
    });
  });
}

// --- E.40: the callback and sign-out paths match exactly ------------------------------------------

const notCallback = ["/oauth2/callbackX", "/oauth2/callback/../admin", "/oauth2/callback/", "/OAUTH2/callback", "/oauth2/Callback", "//oauth2/callback",
  "/oauth2/callback;x", "/oauth2//callback", "/oauth2/callback%2f", "/oauth2/callback/..", "/oauth2/callback%00", "/oauth2/callback.json",
  "/x/oauth2/callback", "/oauth2/callback%3fcode=x"];

test(`E40-callback-exact: ${notCallback.length} near-callback paths with a valid code, state and login cookie are not the callback`, async () => {
  await recorded({ id: "E40-callback-exact", section: "E", expect: 302,
    title: `not the callback: ${notCallback.join(" ")} (no token call, no session, the login cookie still completes the real callback)` }, async () => {
    for (const { k, s, mode } of all()) {
      const first = await s.get("/admin/start", navigate());
      const loginCookie = first.setCookies.map((c) => c.split(";")[0]).find((c) => c.startsWith("oidc_login_"))!;
      const atIdp = await fetchIdp(first.location!);
      const back = new URL(atIdp);
      const tokenCalls = () => idp.log.filter((l) => l === "POST /token").length;
      const calls = tokenCalls();
      const from = s.seen();
      for (const path of notCallback) {
        const r = await s.get(`${path}${back.search}`, [...navigate(), ["sec-fetch-site", "cross-site"], ["cookie", loginCookie]]);
        assert.ok(!sessionSet(r), `${k} ${path}: no session`);
        assert.ok(!r.setCookies.some((c) => c.startsWith(loginCookie.split("=")[0])), `${k} ${path}: the login cookie is not touched`);
        assert.equal(tokenCalls(), calls, `${k} ${path}: no token request`);
        // A near-callback path that is open goes to the backend with the query the client sent (its echo
        // shows it); the filter's own answers must not repeat the code.
        if (r.status !== 200) s.assertNoSecrets(r, [idp.flow?.code ?? ""]);
      }
      assertNothingProtectedReached(s, mode, from, k);
      for (const req of s.backend.requests.slice(from)) assert.ok(!req.headers.cookie?.includes("oidc_login_"), "the login cookie never goes upstream");
      const real = await s.get(`${back.pathname}${back.search}`, [...navigate(), ["sec-fetch-site", "cross-site"], ["cookie", loginCookie]]);
      assert.equal(real.status, 302, `${k}: the real callback still completes (${real.status})`);
      assert.ok(sessionSet(real));
      assert.equal(real.location, "/admin/start");
      await s.assertAlive();
    }
    return 302;
  });
});

const notSignOut = ["/oauth2/sign_outX", "/oauth2/sign_out/../admin", "/oauth2/sign_out/", "/OAUTH2/SIGN_OUT", "//oauth2/sign_out",
  "/oauth2/sign_out;x", "/oauth2/sign_out%2f", "/oauth2//sign_out", "/oauth2/sign_out%00", "/x/oauth2/sign_out"];

test(`E40-sign-out-exact: ${notSignOut.length} near-sign-out paths never end a session`, async () => {
  await recorded({ id: "E40-sign-out-exact", section: "E", expect: 302, title: `not the sign-out: ${notSignOut.join(" ")} (the session survives each)` }, async () => {
    for (const { k, s } of all()) {
      const { cookie } = await s.session("/admin/x");
      for (const path of notSignOut) {
        const r = await s.get(path, [...navigate(), ["cookie", cookie]]);
        assert.ok(!r.setCookies.some((c) => /^oidc_session=;/.test(c)), `${k} ${path}: the session is not cleared`);
        assert.ok(!(r.location ?? "").includes("/logout"), `${k} ${path}: no IdP logout`);
      }
      const n = s.seen();
      const after = await s.get("/admin/still", [...api(), ["cookie", cookie]]);
      assert.equal(after.status, 200, `${k}: the session still works`);
      assert.match(s.backend.requests[n].headers.authorization ?? "", /^Bearer /);
      await s.assertAlive();
    }
    return 302;
  });
});

async function fetchIdp(location: string): Promise<string> {
  const { send } = await import("./hostile-clients-gateway.ts");
  const u = new URL(location);
  const r = await send(Number(u.port), `${u.pathname}${u.search}`, [["host", u.host]]);
  return r.location!;
}
