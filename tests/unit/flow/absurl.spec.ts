import { parseAbsoluteUrl, istioClusterName } from "../../../assembly/core/encoding/absurl";

describe("parseAbsoluteUrl", () => {
  it("parses scheme, host, path and query", () => {
    const u = parseAbsoluteUrl("https://idp.test/realms/x/auth?a=1&b=2")!;
    expect(u.scheme).toBe("https");
    expect(u.host).toBe("idp.test");
    expect(u.port).toBe(443);
    expect(u.path).toBe("/realms/x/auth");
    expect(u.query).toBe("a=1&b=2");
    expect(u.pathAndQuery()).toBe("/realms/x/auth?a=1&b=2");
    expect(u.toString()).toBe("https://idp.test/realms/x/auth?a=1&b=2");
  });
  it("gives a bare authority the path /", () => {
    const u = parseAbsoluteUrl("http://idp.test")!;
    expect(u.path).toBe("/");
    expect(u.port).toBe(80);
    expect(u.origin()).toBe("http://idp.test");
  });
  it("splits a query that directly follows the authority", () => {
    const u = parseAbsoluteUrl("https://idp.test?x=/y")!;
    expect(u.host).toBe("idp.test");
    expect(u.path).toBe("/");
    expect(u.query).toBe("x=/y");
  });
  it("lower-cases the host", () => {
    expect(parseAbsoluteUrl("https://IDP.Test/Path")!.host).toBe("idp.test");
    expect(parseAbsoluteUrl("https://IDP.Test/Path")!.path).toBe("/Path");
  });
  it("drops the default port from the authority", () => {
    expect(parseAbsoluteUrl("https://idp.test:443/x")!.authority).toBe("idp.test");
    expect(parseAbsoluteUrl("http://idp.test:80/x")!.authority).toBe("idp.test");
    expect(parseAbsoluteUrl("https://idp.test:0443/x")!.authority).toBe("idp.test");
  });
  it("keeps a non-default port", () => {
    const u = parseAbsoluteUrl("https://idp.test:8443/x")!;
    expect(u.port).toBe(8443);
    expect(u.authority).toBe("idp.test:8443");
    expect(parseAbsoluteUrl("http://idp.test:443/")!.authority).toBe("idp.test:443");
  });
  it("refuses ports out of range or not numeric", () => {
    expect(parseAbsoluteUrl("https://idp.test:0/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test:65536/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test:123456/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test:-1/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test:8a/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test:1:2/")).toBeNull();
  });
  it("refuses userinfo", () => {
    expect(parseAbsoluteUrl("https://good.test@evil.test/")).toBeNull();
    expect(parseAbsoluteUrl("https://user:pw@idp.test/")).toBeNull();
    expect(parseAbsoluteUrl("https://@idp.test/")).toBeNull();
  });
  it("refuses a fragment", () => {
    expect(parseAbsoluteUrl("https://idp.test/x#y")).toBeNull();
    expect(parseAbsoluteUrl("https://evil.test#@good.test")).toBeNull();
  });
  it("refuses backslashes", () => {
    expect(parseAbsoluteUrl("https://idp.test\\evil.test/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/a\\b")).toBeNull();
  });
  it("refuses whitespace and control characters anywhere", () => {
    expect(parseAbsoluteUrl(" https://idp.test/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/ ")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/a\tb")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/\r\nx")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/\0")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/\x7f")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test/é")).toBeNull();
  });
  it("refuses other schemes and scheme-relative forms", () => {
    expect(parseAbsoluteUrl("ftp://idp.test/")).toBeNull();
    expect(parseAbsoluteUrl("//idp.test/")).toBeNull();
    expect(parseAbsoluteUrl("https:idp.test")).toBeNull();
    expect(parseAbsoluteUrl("https:/idp.test")).toBeNull();
    expect(parseAbsoluteUrl("javascript:alert(1)")).toBeNull();
    expect(parseAbsoluteUrl("/local")).toBeNull();
  });
  it("refuses an empty host or a bad host name", () => {
    expect(parseAbsoluteUrl("https:///x")).toBeNull();
    expect(parseAbsoluteUrl("https://:443/")).toBeNull();
    expect(parseAbsoluteUrl("https://.idp.test/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp.test./")).toBeNull();
    expect(parseAbsoluteUrl("https://idp..test/")).toBeNull();
    expect(parseAbsoluteUrl("https://idp_test/")).toBeNull();
    expect(parseAbsoluteUrl("https://id%70.test/")).toBeNull();
  });
  it("parses a bracketed IPv6 literal with and without port", () => {
    const a = parseAbsoluteUrl("http://[::1]:8080/x")!;
    expect(a.host).toBe("[::1]");
    expect(a.port).toBe(8080);
    expect(a.authority).toBe("[::1]:8080");
    expect(a.isLoopback()).toBe(true);
    const b = parseAbsoluteUrl("https://[2001:DB8::1]/")!;
    expect(b.host).toBe("[2001:db8::1]");
    expect(b.authority).toBe("[2001:db8::1]");
  });
  it("refuses a broken IPv6 literal", () => {
    expect(parseAbsoluteUrl("http://[::1/")).toBeNull();
    expect(parseAbsoluteUrl("http://[::1]x/")).toBeNull();
    expect(parseAbsoluteUrl("http://[::1]:/")).not.toBeNull(); // empty port = default (RFC 3986 §3.2.3)
  });
  it("refuses over-long input", () => {
    expect(parseAbsoluteUrl("https://idp.test/" + "a".repeat(2100))).toBeNull();
    expect(parseAbsoluteUrl("")).toBeNull();
  });
  it("knows its loopback hosts", () => {
    expect(parseAbsoluteUrl("http://localhost:8080/")!.isLoopback()).toBe(true);
    expect(parseAbsoluteUrl("http://127.0.0.1/")!.isLoopback()).toBe(true);
    expect(parseAbsoluteUrl("http://localhost.evil.test/")!.isLoopback()).toBe(false);
  });
});

describe("istioClusterName", () => {
  it("names Istio's outbound cluster with the effective port", () => {
    expect(istioClusterName(parseAbsoluteUrl("https://idp.test/x")!)).toBe("outbound|443||idp.test");
    expect(istioClusterName(parseAbsoluteUrl("http://Keycloak.ns.svc:8080/")!)).toBe("outbound|8080||keycloak.ns.svc");
    expect(istioClusterName(parseAbsoluteUrl("http://idp.test/")!)).toBe("outbound|80||idp.test");
  });
});
