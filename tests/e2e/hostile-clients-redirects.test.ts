// security.md C.25-27 through real Envoy and the built filter: every payload of the generated fixture
// tests/fixtures/open-redirects.txt (tests/e2e/hostile/redirect-payloads.ts) as
//   (1) the return URL after login: the payload is the request target of the first, unauthenticated
//       request (verbatim bytes, and the form a browser would send when that differs), under Istio's
//       BASE normalization and with none; a scripted login follows, and the callback's Location must
//       stay on our origin with no CR/LF;
//   (2) the sign-out `rd` parameter, with allowed_redirect_origins = [https://portal.example.com]:
//       percent-encoded and verbatim; Location "/", a local path, or the allowed origin, else 400;
//       and with an IdP logout endpoint, where rd must not leak into the logout URL.
// One subtest per payload, grouped by family; one row per family in docs/security-cases.md and every
// payload's verdict in docs/security-open-redirects.md (and build/security-detail/open-redirects.json).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HostileIdp } from "./hostile/idp.ts";
import { recordVerdict, writeReport } from "./hostile/report.ts";
import { readFixture, generatePayloads, GOOD_ORIGIN, type Payload } from "./hostile/redirect-payloads.ts";
import { repoRoot } from "./harness/envoy-config.ts";
import { Stack, sessionSet, isStrictlyLocal, resolvedOrigin, type Reply } from "./hostile-clients-gateway.ts";

const SUITE = "hostile-clients-redirects";
const payloads = readFixture();
const families = [...new Set(payloads.map((p) => p.family))];
const idp = new HostileIdp();
let base: Stack;
let raw: Stack;
let withIdpLogout: Stack;
const POST_LOGOUT = "http://app.example.com/signed-out";

interface Detail { family: string; payload: string; returnUrl: Record<string, string>; signOut: Record<string, string> }
const details = new Map<string, Detail>();
const detailOf = (p: Payload): Detail => {
  let d = details.get(p.payload);
  if (!d) details.set(p.payload, (d = { family: p.family, payload: p.payload, returnUrl: {}, signOut: {} }));
  return d;
};

before(async () => {
  // Without an end_session_endpoint the filter itself sends the browser on after sign-out: to rd.
  idp.script = { discovery: (d) => { const { end_session_endpoint: _drop, ...rest } = d; return rest; } };
  await idp.start();
  const config = { match: undefined, allowed_redirect_origins: [GOOD_ORIGIN] };
  [base, raw, withIdpLogout] = await Promise.all([
    Stack.start({ idp, normalization: "istio-base", config }),
    Stack.start({ idp, normalization: "raw", config }),
    Stack.start({ idp, normalization: "istio-base", config: { ...config, idp_logout_url: `${idp.issuer}/logout`, post_logout_redirect_url: POST_LOGOUT } }),
  ]);
});

after(async () => {
  try {
    for (const s of [base, raw, withIdpLogout]) s?.assertLogClean();
  } finally {
    await Promise.all([base?.stop(), raw?.stop(), withIdpLogout?.stop()]);
    await idp.stop();
    writeReport(SUITE);
    writeDetails();
  }
});

/** Our cookies only: an injected header would show up as a foreign Set-Cookie. */
function onlyOurCookies(r: Reply): void {
  for (const c of r.setCookies) assert.match(c, /^oidc_(session(_\d+)?|login_[A-Za-z0-9_-]+)=/, `a foreign Set-Cookie: ${c.slice(0, 80)}`);
  assert.ok(!/\r\n(set-cookie|location):\s*(a=b|https?:\/\/evil)/i.test(r.head), "no injected header");
}

function assertLocalLocation(s: Stack, loc: string): void {
  assert.ok(!/[\r\n\t\0]/.test(loc), "no control characters in Location");
  assert.ok(loc === "/" || isStrictlyLocal(loc), `Location is not a local path: ${JSON.stringify(loc.slice(0, 120))}`);
  assert.equal(resolvedOrigin(loc, s.origin), s.origin, "a browser stays on our origin");
}

/** Statuses meaning "refused before any login": Envoy's codec (400; 403 for https over plain http; 426 for a request line cut short by a bare LF, read as HTTP/1.0-less; 414; 431). */
const REFUSED = [400, 403, 404, 414, 426, 431];

/** (1) `target` as the first request; a login follows when it is redirected to the IdP. Returns the verdict. */
async function returnUrl(s: Stack, target: string): Promise<string> {
  const seen = s.seen();
  const l = await s.login(target);
  assert.equal(s.seen(), seen, "the unauthenticated request never reached the backend");
  s.assertNoSecrets(l.first);
  if (!l.callback) {
    assert.ok(REFUSED.includes(l.first.status), `first answer ${l.first.status} is neither a login nor a refusal`);
    assert.ok(!sessionSet(l.first), "no session");
    if (l.first.location) assertLocalLocation(s, l.first.location);
    return String(l.first.status);
  }
  const cb = l.callback;
  s.assertNoSecrets(cb);
  assert.equal(cb.status, 302, `callback ${cb.status}: ${cb.body.slice(0, 200)}`);
  assert.ok(l.session, "a valid login sets a session");
  onlyOurCookies(cb);
  assertLocalLocation(s, cb.location ?? "");
  return cb.location === "/" ? "302 /" : "302 local";
}

/** What a browser sends for a navigation to `payload` on our origin, or undefined when it would leave it. */
function browserTarget(s: Stack, payload: string): string | undefined {
  try {
    const u = new URL(payload, `${s.origin}/`);
    return u.origin === s.origin ? `${u.pathname}${u.search}` : undefined;
  } catch { return undefined; }
}

/** (2) sign-out with `rd` = `query` (already in wire form). */
async function signOutRd(s: Stack, query: string): Promise<string> {
  const r = await s.get(`/oauth2/sign_out?rd=${query}`);
  s.assertNoSecrets(r);
  assert.ok(!sessionSet(r), "sign-out never sets a session");
  if (r.status !== 302) {
    assert.ok(REFUSED.includes(r.status), `sign-out answered ${r.status}`);
    assert.equal(r.location, undefined);
    return String(r.status);
  }
  onlyOurCookies(r);
  const loc = r.location ?? "";
  assert.ok(!/[\r\n\t\0]/.test(loc), "no control characters in Location");
  if (loc.startsWith(`${GOOD_ORIGIN}/`)) {
    assert.ok(isStrictlyLocal(loc.slice(GOOD_ORIGIN.length)), `allowed origin with an odd path: ${JSON.stringify(loc.slice(0, 120))}`);
    assert.equal(resolvedOrigin(loc, s.origin), GOOD_ORIGIN);
    return "302 allowed origin";
  }
  assertLocalLocation(s, loc);
  return loc === "/" ? "302 /" : "302 local";
}

/** (2b) with an IdP logout endpoint, rd is ignored: the browser goes to the IdP with the registered post-logout URI. */
async function signOutIdp(s: Stack, query: string): Promise<string> {
  const r = await s.get(`/oauth2/sign_out?rd=${query}`);
  s.assertNoSecrets(r);
  if (r.status !== 302) { assert.ok(REFUSED.includes(r.status), `sign-out answered ${r.status}`); return String(r.status); }
  const u = new URL(r.location ?? "");
  assert.equal(`${u.origin}${u.pathname}`, `${idp.issuer}/logout`);
  assert.deepEqual([...u.searchParams.keys()].sort(), ["client_id", "post_logout_redirect_uri", "state"]);
  assert.equal(u.searchParams.get("post_logout_redirect_uri"), POST_LOGOUT);
  onlyOurCookies(r);
  return "302 IdP logout";
}

const canSendVerbatim = (p: string) => /^[\x21-\x7e]*$/.test(p);
const short = (p: string) => JSON.stringify(p.length > 70 ? `${p.slice(0, 60)}…(${p.length})` : p);

test("C25-fixture: the open-redirect fixture is the generator's output, at least 400 payloads in every family of C.25", () => {
  const c = { id: "C25-fixture", section: "C", expect: 0,
    title: `open-redirect fixture tests/fixtures/open-redirects.txt: ${payloads.length} generated payloads in ${families.length} families; every payload's verdict in docs/security-open-redirects.md` };
  try {
    assert.deepEqual(payloads, generatePayloads(), "tests/fixtures/open-redirects.txt is stale: regenerate it");
    assert.ok(payloads.length >= 400);
    for (const f of ["protocol-relative", "backslash", "whitespace", "encoded-slashes", "scheme-no-slashes", "javascript-data-vbscript", "userinfo",
      "fragment-query", "domain-suffix-prefix", "crlf-injection", "unicode-idn", "ip-hosts", "long"]) assert.ok(families.includes(f), f);
    recordVerdict(c, 0, "pass");
  } catch (e) { recordVerdict(c, -1, "FAIL"); throw e; }
});

test("C25-controls: an ordinary return path and an allowed rd still work (the checks are not vacuous)", async () => {
  const c = { id: "C25-controls", section: "C", title: "return to /deep/page?x=1 after login; rd=/ok and rd=https://portal.example.com/back?x=1 honoured", expect: 302 };
  try {
    const l = await base.login("/deep/page?x=1");
    assert.equal(l.callback?.location, "/deep/page?x=1");
    assert.equal((await base.get("/oauth2/sign_out?rd=%2Fok%3Fa%3D1")).location, "/ok?a=1");
    assert.equal((await base.get(`/oauth2/sign_out?rd=${encodeURIComponent(`${GOOD_ORIGIN}/back?x=1`)}`)).location, `${GOOD_ORIGIN}/back?x=1`);
    recordVerdict(c, 302, "pass");
  } catch (e) { recordVerdict(c, -1, "FAIL"); throw e; }
});

for (const family of families) {
  const list = payloads.filter((p) => p.family === family);

  test(`C25-return-${family}: ${list.length} payloads as the first request's target, then a login: Location stays local`, async (t) => {
    const tally = new Map<string, number>();
    let failed = 0;
    for (const p of list) {
      await t.test(short(p.payload), async () => {
        try {
          const d = detailOf(p);
          const count = (v: string) => { tally.set(v, (tally.get(v) ?? 0) + 1); return v; };
          for (const [mode, s] of [["base", base], ["raw", raw]] as const) {
            d.returnUrl[mode] = count(await returnUrl(s, p.payload));
            const b = browserTarget(s, p.payload);
            if (b !== undefined && b !== p.payload) d.returnUrl[`${mode}, as a browser sends it`] = count(await returnUrl(s, b));
          }
        } catch (e) { failed++; detailOf(p).returnUrl.FAIL = String(e).slice(0, 200); throw e; }
      });
    }
    const summary = [...tally].sort().map(([k, v]) => `${k}: ${v}`).join(", ");
    const c = { id: `C25-return-${family}`, section: "C", ref: "CVE-2020-5233, CVE-2020-4037", expectAny: [302, 400], expect: 302,
      title: `return URL after login, ${family}: ${list.length} payloads as :path, both normalizations (${summary})` };
    try {
      assert.equal(failed, 0, `${failed} payloads failed`);
      await base.assertAlive();
      await raw.assertAlive();
      recordVerdict(c, (tally.get("302 /") ?? 0) + (tally.get("302 local") ?? 0) > 0 ? 302 : 400, "pass");
    } catch (e) { recordVerdict(c, -1, "FAIL"); throw e; }
  });

  test(`C25-rd-${family}: ${list.length} payloads as sign-out rd: "/", a local path, the allowed origin, or 400`, async (t) => {
    const tally = new Map<string, number>();
    let failed = 0;
    const count = (v: string) => tally.set(v, (tally.get(v) ?? 0) + 1);
    for (const p of list) {
      await t.test(short(p.payload), async () => {
        try {
          const d = detailOf(p);
          count((d.signOut.encoded = await signOutRd(base, encodeURIComponent(p.payload))));
          if (canSendVerbatim(p.payload)) count((d.signOut.verbatim = await signOutRd(base, p.payload)));
          d.signOut["IdP logout"] = await signOutIdp(withIdpLogout, encodeURIComponent(p.payload));
        } catch (e) { failed++; detailOf(p).signOut.FAIL = String(e).slice(0, 200); throw e; }
      });
    }
    const summary = [...tally].sort().map(([k, v]) => `${k}: ${v}`).join(", ");
    const c = { id: `C25-rd-${family}`, section: "C", ref: "CVE-2021-21291", expectAny: [302, 400], expect: 302,
      title: `sign-out rd, ${family}: ${list.length} payloads encoded and verbatim (${summary}); with an IdP logout endpoint rd never leaks` };
    try {
      assert.equal(failed, 0, `${failed} payloads failed`);
      await base.assertAlive();
      await withIdpLogout.assertAlive();
      recordVerdict(c, 302, "pass");
    } catch (e) { recordVerdict(c, -1, "FAIL"); throw e; }
  });
}

/** A payload as an ASCII JSON string (long ones cut), safe inside a Markdown table cell. */
function shown(p: string): string {
  const cut = p.length > 100 ? `${p.slice(0, 90)}...(${p.length} chars)` : p;
  return JSON.stringify(cut).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\|/g, "\\|").replace(/`/g, "\\u0060");
}

/** Every payload and its verdicts: JSON under build/, a table under docs/ (beside security-cases.md). */
function writeDetails(): void {
  if (details.size === 0) return;
  const dir = join(repoRoot, "build/security-detail");
  mkdirSync(dir, { recursive: true });
  const rows = [...details.values()];
  const at = new Date().toISOString();
  writeFileSync(join(dir, "open-redirects.json"), JSON.stringify({ at, payloads: rows }, null, 1));
  const cell = (r: Record<string, string>) => Object.entries(r).map(([k, v]) => `${k}: ${v}`).join("; ").replace(/\|/g, "\\|");
  writeFileSync(join(repoRoot, "docs/security-open-redirects.md"), [
    "# Open-redirect payloads and their verdicts", "",
    "Generated by tests/e2e/hostile-clients-redirects.test.ts from tests/fixtures/open-redirects.txt (security.md C.25); do not edit by hand.",
    `Last run: ${at}, ${rows.length} payloads, ${rows.filter((r) => r.returnUrl.FAIL || r.signOut.FAIL).length} failed.`, "",
    "Return URL: the payload as the target of the first request (verbatim bytes; and as a browser would send it, when",
    "that differs and stays on our origin), behind Istio BASE normalization (base) and none (raw), then a login. \"302 /\"",
    "and \"302 local\" are the callback's Location; a bare status is Envoy's (or the filter's) refusal before any login.",
    "Sign-out: the payload as rd, percent-encoded and verbatim, with allowed_redirect_origins [https://portal.example.com];",
    "\"IdP logout\": with an IdP logout endpoint, where rd is ignored.", "",
    "| family | payload | return URL after login | sign-out rd |", "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.family} | \`${shown(r.payload)}\` | ${cell(r.returnUrl)} | ${cell(r.signOut)} |`),
    "",
  ].join("\n"));
}
