import { parseConfig, ConfigResult } from "../../../assembly/core/config/parse";
import { ClientAuth } from "../../../assembly/core/config/config";
import { MatchMode, RuleType } from "../../../assembly/core/route/rules";
import { MAX_DURATION_SECONDS } from "../../../assembly/core/config/duration";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { ConfigBuilder, q, SECRET_B } from "./helpers";

function parse(b: ConfigBuilder): ConfigResult {
  return parseConfig(utf8Encode(b.json()));
}

function hasError(r: ConfigResult, field: string): bool {
  for (let i = 0; i < r.errors.length; i++) if (r.errors[i].startsWith(field + ":")) return true;
  return false;
}

function fieldError(b: ConfigBuilder, field: string): bool {
  const r = parse(b);
  if (r.config !== null) return false;
  return hasError(r, field);
}

describe("parseConfig: a valid configuration", () => {
  it("accepts the minimal configuration", () => {
    const r = parse(new ConfigBuilder());
    expect(r.errors.length).toBe(0);
    expect(r.config).not.toBeNull();
  });
  it("applies every default once", () => {
    const c = parse(new ConfigBuilder()).config!;
    expect(c.scopes.join(" ")).toBe("openid email profile");
    expect(c.cookieExpireSeconds).toBe(168 * 3600);
    expect(c.cookieRefreshSeconds).toBe(3600);
    expect(c.cookieIdleSeconds).toBe(0);
    expect(c.clockSkewSeconds).toBe(60);
    expect(c.httpTimeoutMs).toBe(5000);
    expect(c.clientAuth).toBe(ClientAuth.Basic);
    expect(c.signOutPath).toBe("/oauth2/sign_out");
    expect(c.idpCluster).toBe("");
    expect(c.idpLogoutUrl).toBe("");
    expect(c.passAccessToken).toBe(false);
    expect(c.allowedAlgs.includes("RS256")).toBe(true);
    expect(c.allowedAlgs.includes("none")).toBe(false);
  });
  it("derives the callback from redirect_url and keeps redirect_url verbatim", () => {
    const c = parse(new ConfigBuilder().set("redirect_url", q("https://App.test.local:443/cb/x"))).config!;
    expect(c.callbackPath).toBe("/cb/x");
    expect(c.redirectUrl).toBe("https://App.test.local:443/cb/x");
    expect(c.redirectAuthority).toBe("app.test.local");
    expect(c.redirectScheme).toBe("https");
  });
  it("uses __Host- and Secure cookies only when redirect_url is https", () => {
    const s = parse(new ConfigBuilder()).config!;
    expect(s.sessionCookieName()).toBe("__Host-oidc_session");
    expect(s.loginCookiePrefix()).toBe("__Host-oidc_login_");
    const p = parse(new ConfigBuilder().set("redirect_url", q("http://localhost:8080/oauth2/callback"))).config!;
    expect(p.sessionCookieName()).toBe("oidc_session");
    expect(p.cookies.set("x", "y", 1).includes("Secure")).toBe(false);
  });
  it("without a match block every path needs auth", () => {
    const c = parse(new ConfigBuilder()).config!;
    expect(c.rules.needsAuth("/")).toBe(true);
    expect(c.rules.needsAuth("/public")).toBe(true);
  });
  it("reads a match block", () => {
    const c = parse(new ConfigBuilder().set("match",
      '{"mode":"auth_if_matched","rules":[{"path":"/admin","type":"prefix"},{"path":"/me","type":"exact"}]}')).config!;
    expect(c.rules.mode).toBe(MatchMode.AuthIfMatched);
    expect(c.rules.rules.length).toBe(2);
    expect(c.rules.rules[0].type).toBe(RuleType.Prefix);
    expect(c.rules.rules[1].type).toBe(RuleType.Exact);
  });
  it("reads durations as strings and as whole seconds", () => {
    const c = parse(new ConfigBuilder().set("cookie_expire", q("1h30m")).set("cookie_refresh", "600")
      .set("cookie_idle_timeout", q("0")).set("clock_skew", q("45s")).set("http_timeout", q("10s"))).config!;
    expect(c.cookieExpireSeconds).toBe(5400);
    expect(c.cookieRefreshSeconds).toBe(600);
    expect(c.cookieIdleSeconds).toBe(0);
    expect(c.clockSkewSeconds).toBe(45);
    expect(c.httpTimeoutMs).toBe(10000);
  });
  it("adds openid to scopes that lack it", () => {
    const c = parse(new ConfigBuilder().set("scopes", '["email","groups"]')).config!;
    expect(c.scopes.join(" ")).toBe("openid email groups");
  });
  it("does not add openid twice", () => {
    const c = parse(new ConfigBuilder().set("scopes", '["email","openid"]')).config!;
    expect(c.scopes.join(" ")).toBe("email openid");
  });
  it("an empty scopes list still sends openid", () => {
    expect(parse(new ConfigBuilder().set("scopes", "[]")).config!.scopes.join(" ")).toBe("openid");
  });
  it("passes idp_cluster, idp_logout_url and post_logout_redirect_url through", () => {
    const c = parse(new ConfigBuilder().set("idp_cluster", q("outbound|8443||kc.test"))
      .set("idp_logout_url", q("https://kc.test/logout")).set("post_logout_redirect_url", q("https://app.test.local/bye"))).config!;
    expect(c.idpCluster).toBe("outbound|8443||kc.test");
    expect(c.idpLogoutUrl).toBe("https://kc.test/logout");
    expect(c.postLogoutRedirectUrl).toBe("https://app.test.local/bye");
  });
  it("reads client_secret_post", () => {
    expect(parse(new ConfigBuilder().set("client_auth", q("client_secret_post"))).config!.clientAuth).toBe(ClientAuth.Post);
    expect(parse(new ConfigBuilder().set("client_auth", q("client_secret_basic"))).config!.clientAuth).toBe(ClientAuth.Basic);
  });
  it("derives keys for the current and every previous secret", () => {
    const c = parse(new ConfigBuilder().set("cookie_secret_previous", "[" + q(SECRET_B) + "]")).config!;
    expect(c.keys.session.keys.length).toBe(2);
    expect(c.keys.loginState.keys.length).toBe(2);
  });
  it("accepts a plain-http issuer on loopback or with allow_http_issuer", () => {
    expect(parse(new ConfigBuilder().set("issuer", q("http://localhost:8080/realms/x"))).config).not.toBeNull();
    expect(parse(new ConfigBuilder().set("issuer", q("http://keycloak.ns.svc/realms/x")).set("allow_http_issuer", "true")).config).not.toBeNull();
  });
  it("stores exact allowed redirect origins", () => {
    const c = parse(new ConfigBuilder().set("allowed_redirect_origins", '["https://Other.test.local:443","http://x.test:8080"]')).config!;
    expect(c.allowedRedirectOrigins.join(" ")).toBe("https://other.test.local http://x.test:8080");
  });
  it("accepts EdDSA when listed", () => {
    expect(parse(new ConfigBuilder().set("allowed_algs", '["EdDSA","ES256"]')).config!.allowedAlgs.length).toBe(2);
  });
});

describe("parseConfig: refusals", () => {
  it("reports invalid JSON", () => {
    const r = parseConfig(utf8Encode('{"issuer": '));
    expect(r.config).toBeNull();
    expect(hasError(r, "configuration")).toBe(true);
  });
  it("reports a JSON document that is not an object", () => {
    const r = parseConfig(utf8Encode("[]"));
    expect(r.config).toBeNull();
    expect(hasError(r, "configuration")).toBe(true);
  });
  it("refuses duplicate keys (invalid JSON for us)", () => {
    const r = parseConfig(utf8Encode('{"client_id":"a","client_id":"b"}'));
    expect(r.config).toBeNull();
  });
  it("reports an unknown key (a typo) by name", () => {
    expect(fieldError(new ConfigBuilder().set("cookie_domain", q("x.test")), "cookie_domain")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("Issuer", q("x")), "Issuer")).toBe(true);
  });
  it("reports each missing required key", () => {
    const fields = ["issuer", "client_id", "client_secret", "redirect_url", "cookie_secret"];
    for (let i = 0; i < fields.length; i++) {
      expect(fieldError(new ConfigBuilder().drop(fields[i]), fields[i])).toBe(true);
    }
  });
  it("reports an empty cookie_secret", () => {
    expect(fieldError(new ConfigBuilder().set("cookie_secret", q("")), "cookie_secret")).toBe(true);
  });
  it("reports an empty cookie_secret once", () => {
    const r = parse(new ConfigBuilder().set("cookie_secret", q("")));
    let n = 0;
    for (let i = 0; i < r.errors.length; i++) if (r.errors[i].startsWith("cookie_secret:")) n++;
    expect(n).toBe(1);
  });
  it("refuses a short or placeholder cookie_secret", () => {
    expect(fieldError(new ConfigBuilder().set("cookie_secret", q("tooShort123")), "cookie_secret")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("cookie_secret", q("changeme-changeme-changeme-changeme")), "cookie_secret")).toBe(true);
  });
  it("reports a bad previous secret by index", () => {
    expect(fieldError(new ConfigBuilder().set("cookie_secret_previous", '["' + SECRET_B + '","short"]'), "cookie_secret_previous[1]")).toBe(true);
  });
  it("refuses alg none and HMAC algorithms", () => {
    expect(fieldError(new ConfigBuilder().set("allowed_algs", '["none"]'), "allowed_algs[0]")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("allowed_algs", '["RS256","HS256"]'), "allowed_algs[1]")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("allowed_algs", '["rs256"]'), "allowed_algs[0]")).toBe(true);
  });
  it("refuses an empty algorithm list", () => {
    expect(fieldError(new ConfigBuilder().set("allowed_algs", "[]"), "allowed_algs")).toBe(true);
  });
  it("refuses a plain-http issuer off loopback", () => {
    expect(fieldError(new ConfigBuilder().set("issuer", q("http://idp.test/realms/x")), "issuer")).toBe(true);
  });
  it("refuses an issuer with a query, userinfo or fragment", () => {
    expect(fieldError(new ConfigBuilder().set("issuer", q("https://idp.test/?x=1")), "issuer")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("issuer", q("https://u@idp.test/")), "issuer")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("issuer", q("https://idp.test/#x")), "issuer")).toBe(true);
  });
  it("refuses a redirect_url with a query or that is not absolute", () => {
    expect(fieldError(new ConfigBuilder().set("redirect_url", q("https://app.test/cb?x=1")), "redirect_url")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("redirect_url", q("/oauth2/callback")), "redirect_url")).toBe(true);
  });
  it("refuses a sign_out_path equal to the callback path", () => {
    expect(fieldError(new ConfigBuilder().set("sign_out_path", q("/oauth2/callback")), "sign_out_path")).toBe(true);
  });
  it("refuses a sign_out_path that is not a path", () => {
    expect(fieldError(new ConfigBuilder().set("sign_out_path", q("logout")), "sign_out_path")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("sign_out_path", q("/logout?x")), "sign_out_path")).toBe(true);
  });
  it("refuses malformed durations", () => {
    expect(fieldError(new ConfigBuilder().set("cookie_expire", q("1h30")), "cookie_expire")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("cookie_refresh", "-1"), "cookie_refresh")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("cookie_refresh", "1.5"), "cookie_refresh")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("cookie_expire", "true"), "cookie_expire")).toBe(true);
  });
  it("refuses a numeric duration above the string limit", () => {
    expect(fieldError(new ConfigBuilder().set("cookie_expire", (MAX_DURATION_SECONDS + 1).toString()), "cookie_expire")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("cookie_expire", "9007199254740991"), "cookie_expire")).toBe(true);
  });
  it("refuses clock_skew over 10 minutes and http_timeout outside 1-60 s", () => {
    expect(fieldError(new ConfigBuilder().set("clock_skew", q("11m")), "clock_skew")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("http_timeout", q("0")), "http_timeout")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("http_timeout", q("61s")), "http_timeout")).toBe(true);
  });
  it("refuses a scope that is not a token, naming the index written in the configuration", () => {
    // The bad entry is the first one written; "openid" is prepended only for the request.
    expect(fieldError(new ConfigBuilder().set("scopes", '["openid email"]'), "scopes[0]")).toBe(true);
  });
  it("refuses scopes that are not tokens or not a list", () => {
    expect(fieldError(new ConfigBuilder().set("scopes", '["openid","a\\"b"]'), "scopes[1]")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("scopes", q("openid")), "scopes")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("scopes", '["openid",3]'), "scopes[1]")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("scopes", '["openid",""]'), "scopes[1]")).toBe(true);
  });
  it("refuses unknown client_auth methods", () => {
    expect(fieldError(new ConfigBuilder().set("client_auth", q("private_key_jwt")), "client_auth")).toBe(true);
  });
  it("refuses allowed_redirect_origins that are not bare origins", () => {
    expect(fieldError(new ConfigBuilder().set("allowed_redirect_origins", '["https://x.test/"]'), "allowed_redirect_origins[0]")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("allowed_redirect_origins", '["https://x.test/app"]'), "allowed_redirect_origins[0]")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("allowed_redirect_origins", '["*.x.test"]'), "allowed_redirect_origins[0]")).toBe(true);
  });
  it("refuses a non-boolean pass_access_token", () => {
    expect(fieldError(new ConfigBuilder().set("pass_access_token", q("yes")), "pass_access_token")).toBe(true);
  });
  it("refuses a bad match block, naming the field", () => {
    expect(fieldError(new ConfigBuilder().set("match", '"all"'), "match")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("match", '{"mode":"protect","rules":[]}'), "match.mode")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("match", '{"mode":"auth_if_matched","rules":{}}'), "match.rules")).toBe(true);
    expect(fieldError(new ConfigBuilder().set("match", '{"mode":"auth_if_matched","rules":[],"extra":1}'), "match.extra")).toBe(true);
  });
  it("refuses bad rules, naming each by index", () => {
    const m = '{"mode":"bypass_if_matched","rules":[{"path":"/ok","type":"prefix"},{"path":"public","type":"prefix"},' +
      '{"path":"/a/../b","type":"exact"},{"path":"/x","type":"regex"},{"path":"/y","type":"exact","case":"i"},' +
      '{"path":"/a//b","type":"exact"},{"path":"/a%2fb","type":"exact"},{"path":"/a;b","type":"exact"},{"path":"/q?x","type":"exact"},5]}';
    const r = parse(new ConfigBuilder().set("match", m));
    expect(r.config).toBeNull();
    expect(hasError(r, "match.rules[0].path")).toBe(false);
    expect(hasError(r, "match.rules[1].path")).toBe(true);
    expect(hasError(r, "match.rules[2].path")).toBe(true);
    expect(hasError(r, "match.rules[3].type")).toBe(true);
    expect(hasError(r, "match.rules[4].case")).toBe(true);
    expect(hasError(r, "match.rules[5].path")).toBe(true);
    expect(hasError(r, "match.rules[6].path")).toBe(true);
    expect(hasError(r, "match.rules[7].path")).toBe(true);
    expect(hasError(r, "match.rules[8].path")).toBe(true);
    expect(hasError(r, "match.rules[9]")).toBe(true);
  });
  it("reports every problem of a broken configuration at once, by field name", () => {
    const b = new ConfigBuilder()
      .set("issuer", q("ftp://idp.test"))
      .drop("client_id")
      .set("client_secret", "5")
      .set("redirect_url", q("not a url"))
      .set("cookie_secret", q("short"))
      .set("cookie_expire", q("1h30"))
      .set("cookie_refresh", q("-1"))
      .set("scopes", q("openid"))
      .set("match", '{"mode":"sometimes"}')
      .set("cookie_domian", q("x"))
      .set("allowed_algs", '["none","HS256"]')
      .set("client_auth", q("mtls"))
      .set("sign_out_path", q("nope"))
      .set("http_timeout", q("0"))
      .set("clock_skew", q("1h"))
      .set("pass_access_token", q("yes"))
      .set("allowed_redirect_origins", '["https://x.test/path"]')
      .set("idp_logout_url", q("javascript:alert(1)"));
    const r = parse(b);
    expect(r.config).toBeNull();
    const fields = ["issuer", "client_id", "client_secret", "redirect_url", "cookie_secret", "cookie_expire",
      "cookie_refresh", "scopes", "match.mode", "cookie_domian", "allowed_algs[0]", "allowed_algs[1]", "client_auth",
      "sign_out_path", "http_timeout", "clock_skew", "pass_access_token", "allowed_redirect_origins[0]", "idp_logout_url"];
    for (let i = 0; i < fields.length; i++) {
      if (!hasError(r, fields[i])) log("missing error for " + fields[i]);
      expect(hasError(r, fields[i])).toBe(true);
    }
  });
});
