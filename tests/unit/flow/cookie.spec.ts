import { Cookie, parseCookieHeader, countCookie, uniqueCookie, CookiePolicy, MAX_COOKIES } from "../../../assembly/core/encoding/cookie";

function parse(h: string): Array<Cookie> {
  const out = new Array<Cookie>();
  expect(parseCookieHeader(h, out)).toBe(true);
  return out;
}

describe("parseCookieHeader (RFC 6265 §5.4)", () => {
  it("splits pairs on ; and trims surrounding spaces", () => {
    const c = parse("a=1;  b = 2 ;c=3");
    expect(c.length).toBe(3);
    expect(c[1].name).toBe("b");
    expect(c[1].value).toBe("2");
    expect(c[2].value).toBe("3");
  });
  it("unwraps a DQUOTE-wrapped value", () => {
    const c = parse('a="x y"; b="');
    expect(c[0].value).toBe("x y");
    expect(c[1].value).toBe('"'); // one quote is not a wrapped value
  });
  it("skips a pair without =", () => {
    const c = parse("novalue; a=1; other");
    expect(c.length).toBe(1);
    expect(c[0].name).toBe("a");
  });
  it("does not take an = from a later pair for a pair without one", () => {
    const c = parse("b; a=1");
    expect(c.length).toBe(1);
    expect(c[0].name).toBe("a");
    expect(c[0].value).toBe("1");
  });
  it("skips a pair with an empty name", () => {
    const c = parse("=x;  =y; a=1");
    expect(c.length).toBe(1);
  });
  it("keeps = inside a value", () => {
    expect(parse("a=b=c")[0].value).toBe("b=c");
  });
  it("accepts an empty value", () => {
    const c = parse("a=; b=2");
    expect(c[0].value).toBe("");
    expect(c.length).toBe(2);
  });
  it("tolerates empty segments and a trailing ;", () => {
    expect(parse(";;a=1;;").length).toBe(1);
    expect(parse("").length).toBe(0);
  });
  it("keeps duplicate names for the caller to refuse", () => {
    const c = parse("s=1; s=2");
    expect(countCookie(c, "s")).toBe(2);
    expect(uniqueCookie(c, "s")).toBeNull();
  });
  it("uniqueCookie is null when absent and the value when unique", () => {
    const c = parse("s=1; t=2");
    expect(uniqueCookie(c, "s")).toBe("1");
    expect(uniqueCookie(c, "x")).toBeNull();
  });
  it("names are case-sensitive", () => {
    const c = parse("S=1; s=2");
    expect(uniqueCookie(c, "s")).toBe("2");
  });
  it("accepts exactly MAX_COOKIES cookies", () => {
    const parts = new Array<string>();
    for (let i = 0; i < MAX_COOKIES; i++) parts.push("c" + i.toString() + "=v");
    const out = new Array<Cookie>();
    expect(parseCookieHeader(parts.join("; "), out)).toBe(true);
    expect(out.length).toBe(MAX_COOKIES);
  });
  it("refuses one more than MAX_COOKIES", () => {
    const parts = new Array<string>();
    for (let i = 0; i <= MAX_COOKIES; i++) parts.push("c" + i.toString() + "=v");
    const out = new Array<Cookie>();
    expect(parseCookieHeader(parts.join("; "), out)).toBe(false);
    expect(out.length).toBeLessThanOrEqual(MAX_COOKIES);
  });
  it("counts cookies from earlier headers toward the cap", () => {
    const parts = new Array<string>();
    for (let i = 0; i < MAX_COOKIES; i++) parts.push("c" + i.toString() + "=v");
    const out = new Array<Cookie>();
    expect(parseCookieHeader(parts.join("; "), out)).toBe(true);
    expect(parseCookieHeader("one=more", out)).toBe(false);
  });
  it("survives a 60 KB header", () => {
    const out = new Array<Cookie>();
    expect(parseCookieHeader("big=" + "x".repeat(60000), out)).toBe(true);
    expect(out[0].value.length).toBe(60000);
  });
});

describe("CookiePolicy", () => {
  it("over https: __Host- name, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", () => {
    const p = new CookiePolicy(true);
    expect(p.name("oidc_session")).toBe("__Host-oidc_session");
    const s = p.set("__Host-oidc_session", "v", 3600);
    expect(s).toBe("__Host-oidc_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
    expect(s.toLowerCase().includes("domain")).toBe(false);
  });
  it("over http: no __Host- prefix and no Secure", () => {
    const p = new CookiePolicy(false);
    expect(p.name("oidc_session")).toBe("oidc_session");
    const s = p.set("oidc_session", "v", 60);
    expect(s).toBe("oidc_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
    expect(s.includes("Secure")).toBe(false);
  });
  it("a negative max age makes a browser-session cookie", () => {
    const s = new CookiePolicy(true).set("n", "v", -1);
    expect(s.includes("Max-Age")).toBe(false);
    expect(s.includes("Expires")).toBe(false);
  });
  it("clear sets an empty value with Max-Age=0 and the same attributes", () => {
    expect(new CookiePolicy(true).clear("__Host-x")).toBe("__Host-x=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
    expect(new CookiePolicy(false).clear("x")).toBe("x=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  });
});
