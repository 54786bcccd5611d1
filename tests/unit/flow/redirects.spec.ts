import { safeLocalPath, allowedRedirect } from "../../../assembly/core/oidc/redirects";

const ALLOWED: string[] = ["https://good.test"];

/** Null, a path every browser resolves on our own origin, or an allowed origin + such a path. */
function staysOnSite(r: string | null): bool {
  if (r === null) return true;
  let p = r;
  if (r.startsWith("https://good.test/")) p = r.substring("https://good.test".length);
  if (!p.startsWith("/") || p.startsWith("//") || p.startsWith("/\\")) return false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c == 0x5c) return false;
  }
  return true;
}

// security.md C.25 and oauth2-proxy testdata/openredirects.txt style payloads.
const OPEN_REDIRECTS: string[] = [
  "//evil.com", "///evil.com", "////evil.com", "/\\evil.com", "/\\/evil.com", "\\/\\/evil.com", "\\\\evil.com",
  "/%09/evil.com", "/\t/evil.com", "/ /evil.com", " /evil.com", "/%2f%2fevil.com", "/%2F%2Fevil.com",
  "/%5cevil.com", "/%5Cevil.com", "/%2f/evil.com", "https:evil.com", "https:/evil.com", "https://evil.com",
  "http://evil.com", "HTTPS://evil.com", "javascript:alert(1)", "JavaScript:alert(1)", "/javascript:alert(1)%0a",
  "data:text/html,<script>alert(1)</script>", "http://good.test@evil.com", "https://good.test@evil.com/",
  "http://evil.com#@good.test", "https://evil.com#@good.test/", "evilgood.test", "evil.com", "good.test",
  "/x%0d%0aSet-Cookie:a=b", "/x\r\nSet-Cookie:a=b", "/x%0aLocation:%20//evil.com", "/%00//evil.com",
  "/\u3002evil.com", "/\uff0f\uff0fevil.com", "\u2215\u2215evil.com", "https://good.test.evil.com/",
  "https://evilgood.test/", "https://sub.good.test/", "http://good.test/", "https://good.test:8443/",
  "https://good.test//evil.com", "https://good.test/%2f%2fevil.com", "https://good.test/\\evil.com",
  "https://good.test%2eevil.com/", "//good.test", "/\\good.test", "https:\\\\evil.com", "",
];

describe("safeLocalPath", () => {
  it("keeps an ordinary path and query", () => {
    expect(safeLocalPath("/")).toBe("/");
    expect(safeLocalPath("/app/page?x=1&y=%20z")).toBe("/app/page?x=1&y=%20z");
  });
  it("refuses protocol-relative //evil.com", () => {
    expect(safeLocalPath("//evil.com")).toBeNull();
  });
  it("refuses /\\evil.com (browsers read \\ as /)", () => {
    expect(safeLocalPath("/\\evil.com")).toBeNull();
  });
  it("refuses /%09/evil.com and a raw tab (CVE-2020-11053)", () => {
    expect(safeLocalPath("/%09/evil.com")).toBeNull();
    expect(safeLocalPath("/\t/evil.com")).toBeNull();
  });
  it("refuses whitespace: \"/ /evil.com\" (CVE-2020-4037)", () => {
    expect(safeLocalPath("/ /evil.com")).toBeNull();
  });
  it("keeps /%20/evil.com: an encoded space stays a path segment on our origin", () => {
    expect(safeLocalPath("/%20/evil.com")).toBe("/%20/evil.com");
  });
  it("refuses encoded slashes and backslashes", () => {
    expect(safeLocalPath("/%2f%2fevil.com")).toBeNull();
    expect(safeLocalPath("/%5cevil.com")).toBeNull();
    expect(safeLocalPath("/%2F%2Fevil.com")).toBeNull();
  });
  it("refuses \\/\\/evil.com", () => {
    expect(safeLocalPath("\\/\\/evil.com")).toBeNull();
  });
  it("refuses schemes (https:evil.com, javascript:, data:)", () => {
    expect(safeLocalPath("https:evil.com")).toBeNull();
    expect(safeLocalPath("javascript:alert(1)")).toBeNull();
    expect(safeLocalPath("data:text/html,x")).toBeNull();
  });
  it("refuses CR/LF header injection, raw or encoded", () => {
    expect(safeLocalPath("/x%0d%0aSet-Cookie:a=b")).toBeNull();
    expect(safeLocalPath("/x\r\nSet-Cookie:a=b")).toBeNull();
    expect(safeLocalPath("/x%0D%0ASet-Cookie:a=b")).toBeNull();
  });
  it("refuses an encoded NUL and non-ASCII", () => {
    expect(safeLocalPath("/x%00")).toBeNull();
    expect(safeLocalPath("/caf\u00e9")).toBeNull();
  });
  it("refuses paths over 2048 characters", () => {
    expect(safeLocalPath("/" + "a".repeat(2048))).toBeNull();
    expect(safeLocalPath("/" + "a".repeat(2047))).not.toBeNull();
  });
});

describe("allowedRedirect", () => {
  it("keeps a local path", () => {
    expect(allowedRedirect("/x?y=1", ALLOWED)).toBe("/x?y=1");
  });
  it("keeps a URL on an allowed origin, normalized", () => {
    expect(allowedRedirect("https://good.test/x?y=1", ALLOWED)).toBe("https://good.test/x?y=1");
    expect(allowedRedirect("https://GOOD.test:443/x", ALLOWED)).toBe("https://good.test/x");
    expect(allowedRedirect("https://good.test", ALLOWED)).toBe("https://good.test/");
  });
  it("http://good@evil.com is evil.com: refused", () => {
    expect(allowedRedirect("http://good.test@evil.com", ALLOWED)).toBeNull();
  });
  it("http://evil.com#@good is evil.com: refused", () => {
    expect(allowedRedirect("http://evil.com#@good.test", ALLOWED)).toBeNull();
  });
  it("no suffix match: evilgood.test and good.test.evil.com are refused (CVE-2021-21291)", () => {
    expect(allowedRedirect("https://evilgood.test/", ALLOWED)).toBeNull();
    expect(allowedRedirect("https://good.test.evil.com/", ALLOWED)).toBeNull();
    expect(allowedRedirect("https://sub.good.test/", ALLOWED)).toBeNull();
  });
  it("no scheme or port leeway", () => {
    expect(allowedRedirect("http://good.test/", ALLOWED)).toBeNull();
    expect(allowedRedirect("https://good.test:8443/", ALLOWED)).toBeNull();
  });
  it("an allowed origin with a protocol-relative path is refused", () => {
    expect(allowedRedirect("https://good.test//evil.com", ALLOWED)).toBeNull();
    expect(allowedRedirect("https://good.test/%2f%2fevil.com", ALLOWED)).toBeNull();
  });
  it("nothing absolute is allowed when no origin is configured", () => {
    expect(allowedRedirect("https://good.test/x", [])).toBeNull();
  });
  it("every open-redirect payload stays on site", () => {
    for (let i = 0; i < OPEN_REDIRECTS.length; i++) {
      const r = allowedRedirect(OPEN_REDIRECTS[i], ALLOWED);
      const ok = staysOnSite(r);
      if (!ok) log("off-site: " + OPEN_REDIRECTS[i] + " -> " + r!);
      expect(ok).toBe(true);
    }
  });
  it("every open-redirect payload that is not a plain local path is refused outright", () => {
    for (let i = 0; i < OPEN_REDIRECTS.length; i++) {
      const r = allowedRedirect(OPEN_REDIRECTS[i], ALLOWED);
      if (r !== null) log("accepted: " + OPEN_REDIRECTS[i] + " -> " + r);
      expect(r).toBeNull();
    }
  });
});
