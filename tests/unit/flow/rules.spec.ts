import { PathRules, PathRule, MatchMode, RuleType, prefixMatches, canonicalPath } from "../../../assembly/core/route/rules";
import { parseRules } from "../../../assembly/core/config/rules";
import { parseJsonString } from "../../../assembly/core/json/parser";
import { Request, Header } from "../../../assembly/core/http/request";

function rules(mode: MatchMode, list: Array<PathRule>): PathRules {
  return new PathRules(mode, list);
}
function exact(p: string): PathRule { return new PathRule(p, RuleType.Exact); }
function prefix(p: string): PathRule { return new PathRule(p, RuleType.Prefix); }

/** /admin protected and /public/ open, written both ways. */
function protectAdmin(): PathRules { return rules(MatchMode.AuthIfMatched, [prefix("/admin")]); }
function bypassPublic(): PathRules { return rules(MatchMode.BypassIfMatched, [prefix("/public")]); }

/** What the flow passes to needsAuth: the :path without its query. */
function pathOf(raw: string): string {
  const h = new Array<Header>();
  h.push(new Header(":method", "GET"));
  h.push(new Header(":path", raw));
  return Request.fromHeaders(h).path;
}

describe("prefixMatches (segment-aware)", () => {
  it("matches the prefix itself and paths below it", () => {
    expect(prefixMatches("/app", "/app")).toBe(true);
    expect(prefixMatches("/app/", "/app")).toBe(true);
    expect(prefixMatches("/app/x/y", "/app")).toBe(true);
  });
  it("never matches a longer segment (/apple vs /app)", () => {
    expect(prefixMatches("/apple", "/app")).toBe(false);
    expect(prefixMatches("/app-x", "/app")).toBe(false);
    expect(prefixMatches("/publicadmin", "/public")).toBe(false);
  });
  it("a prefix with a trailing slash covers only paths below it", () => {
    expect(prefixMatches("/app/x", "/app/")).toBe(true);
    expect(prefixMatches("/app", "/app/")).toBe(false);
  });
  it("an empty prefix matches nothing; / matches everything", () => {
    expect(prefixMatches("/x", "")).toBe(false);
    expect(prefixMatches("/x", "/")).toBe(true);
  });
});

describe("PathRules.needsAuth", () => {
  it("auth_if_matched: exact rule protects only that path", () => {
    const r = rules(MatchMode.AuthIfMatched, [exact("/me")]);
    expect(r.needsAuth("/me")).toBe(true);
    expect(r.needsAuth("/me/x")).toBe(false);
    expect(r.needsAuth("/mex")).toBe(false);
  });
  it("auth_if_matched: prefix rule protects the subtree, not its siblings", () => {
    const r = rules(MatchMode.AuthIfMatched, [prefix("/app")]);
    expect(r.needsAuth("/app")).toBe(true);
    expect(r.needsAuth("/app/x")).toBe(true);
    expect(r.needsAuth("/apple")).toBe(false);
    expect(r.needsAuth("/")).toBe(false);
  });
  it("auth_if_matched protects other spellings of the case (/Admin)", () => {
    const r = protectAdmin();
    expect(r.needsAuth("/Admin")).toBe(true);
    expect(r.needsAuth("/ADMIN/x")).toBe(true);
    expect(rules(MatchMode.AuthIfMatched, [prefix("/Admin")]).needsAuth("/admin")).toBe(true);
  });
  it("bypass_if_matched: exact rule bypasses only that path", () => {
    const r = rules(MatchMode.BypassIfMatched, [exact("/healthz")]);
    expect(r.needsAuth("/healthz")).toBe(false);
    expect(r.needsAuth("/healthz/x")).toBe(true);
    expect(r.needsAuth("/healthzx")).toBe(true);
  });
  it("bypass_if_matched: prefix rule never bypasses /publicadmin", () => {
    const r = bypassPublic();
    expect(r.needsAuth("/public")).toBe(false);
    expect(r.needsAuth("/public/x.css")).toBe(false);
    expect(r.needsAuth("/publicadmin")).toBe(true);
    expect(r.needsAuth("/")).toBe(true);
  });
  it("bypass_if_matched bypasses only the exact spelling (/Public stays protected)", () => {
    const r = bypassPublic();
    expect(r.needsAuth("/Public/x")).toBe(true);
    expect(r.needsAuth("/PUBLIC")).toBe(true);
  });
  it("bypass_if_matched: escapes of unreserved characters are the same path", () => {
    expect(bypassPublic().needsAuth("/%70ublic/x")).toBe(false);
  });
  it("no rules: auth_if_matched protects nothing, bypass_if_matched everything", () => {
    expect(rules(MatchMode.AuthIfMatched, []).needsAuth("/x")).toBe(false);
    expect(rules(MatchMode.BypassIfMatched, []).needsAuth("/x")).toBe(true);
  });
  it("a rule written with an escape still protects the decoded path", () => {
    // The config accepts "/%61dmin" (canonicalPath is not null), so it must mean /admin.
    const parsed = parseJsonString('{"mode":"auth_if_matched","rules":[{"path":"/%61dmin","type":"prefix"}]}').value!;
    const errors = new Array<string>();
    const r = parseRules(parsed, errors);
    expect(errors.length).toBe(0);
    expect(r.needsAuth("/admin")).toBe(true);
  });
});

const HOSTILE: string[] = [
  "//admin", "/admin/", "/Admin", "/%61dmin", "/%41dmin", "/public/../admin", "/public/%2e%2e/admin", "/public/%2E%2E/admin",
  "/public/.%2e/admin", "/public/..%2fadmin", "/public%2f..%2fadmin", "/public/..;/admin", "/admin;x", "/admin%00",
  "/admin#/public", "/public/..\\admin", "/public%5c..%5cadmin", "/public/./../admin", "/./admin", "/public/x/../../admin",
  "/admin%2f", "/public/%252e%252e/admin", "/public/\u0000/admin", "/public/\tadmin", "/public/..", "/public/.",
  "admin", "", "/adm%69n/", "/%2561dmin", "/public/%uff0e%uff0e/admin", "/public/\u2025/admin",
];

describe("security.md E.36: /admin protected, /public/ open, never reached unauthenticated", () => {
  it("auth_if_matched (rule: prefix /admin)", () => {
    const r = protectAdmin();
    for (let i = 0; i < HOSTILE.length; i++) {
      const ok = r.needsAuth(HOSTILE[i]);
      if (!ok) log("auth_if_matched lets through: " + HOSTILE[i]);
      expect(ok).toBe(true);
    }
  });
  it("bypass_if_matched (rule: prefix /public)", () => {
    const r = bypassPublic();
    for (let i = 0; i < HOSTILE.length; i++) {
      const ok = r.needsAuth(HOSTILE[i]);
      if (!ok) log("bypass_if_matched lets through: " + HOSTILE[i]);
      expect(ok).toBe(true);
    }
  });
  it("/admin?public: the query never decides (both modes)", () => {
    const p = pathOf("/admin?public");
    expect(p).toBe("/admin");
    expect(protectAdmin().needsAuth(p)).toBe(true);
    expect(bypassPublic().needsAuth(p)).toBe(true);
    expect(bypassPublic().needsAuth(pathOf("/admin?/public/x"))).toBe(true);
  });
  it("the open side stays open where it is unambiguous", () => {
    expect(bypassPublic().needsAuth("/public/app.js")).toBe(false);
    expect(protectAdmin().needsAuth("/public/app.js")).toBe(false);
  });
});

describe("canonicalPath", () => {
  it("decodes escapes of unreserved characters and upper-cases the rest", () => {
    expect(canonicalPath("/%61%7E%2D")).toBe("/a~-");
    expect(canonicalPath("/caf%c3%a9")).toBe("/caf%C3%A9");
  });
  it("refuses ambiguous paths", () => {
    const bad = ["", "x", "//", "/a//b", "/a/./b", "/a/../b", "/..", "/a/.", "/a%2fb", "/a%2Fb", "/a%5cb", "/a%00", "/a%3bb",
      "/a;b", "/a\\b", "/a%", "/a%2", "/a%zz", "/a b", "/é", "/a#b", "/a?b", "/a%25"];
    for (let i = 0; i < bad.length; i++) {
      if (canonicalPath(bad[i]) !== null) log("accepted: " + bad[i]);
      expect(canonicalPath(bad[i])).toBeNull();
    }
  });
  it("survives a 64 KB path", () => {
    expect(canonicalPath("/" + "a%41".repeat(16000))!.length).toBe(1 + 2 * 16000);
  });
});
