import { pkceChallenge, authorizeUrl } from "../../../assembly/core/oidc/login";
import { parseDiscovery, discoveryUrl } from "../../../assembly/core/oidc/discovery";
import { parseTokenResponse } from "../../../assembly/core/oidc/token";
import { LoginState } from "../../../assembly/core/session/login-state";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { ConfigBuilder, makeMeta, discoveryJson, urlParam } from "./helpers";
import { FX_ISSUER } from "./jwt-fixtures";

function discover(json: string, issuer: string = FX_ISSUER): string {
  const r = parseDiscovery(utf8Encode(json), issuer);
  return r.metadata === null ? r.error : "";
}

describe("PKCE and the authorization URL", () => {
  it("pkceChallenge matches RFC 7636 Appendix B", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });
  it("authorizeUrl percent-encodes client_id, redirect_uri and scope", () => {
    const cfg = new ConfigBuilder().set("client_id", '"my client&x=1"').set("scopes", '["openid","groups:read"]').build();
    const u = authorizeUrl(cfg, makeMeta(), new LoginState("s".repeat(43), "n", "v", "/", 0));
    expect(urlParam(u, "client_id")).toBe("my%20client%26x%3D1");
    expect(urlParam(u, "scope")).toBe("openid%20groups%3Aread");
    expect(u.includes("x=1")).toBe(false);
  });
  it("authorizeUrl appends to an endpoint that already has a query", () => {
    const json = discoveryJson(false).replace("openid-connect/auth", "openid-connect/auth?kc_idp_hint=corp");
    const meta = parseDiscovery(utf8Encode(json), FX_ISSUER).metadata!;
    const u = authorizeUrl(new ConfigBuilder().build(), meta, new LoginState("s", "n", "v", "/", 0));
    expect(u.includes("/auth?kc_idp_hint=corp&response_type=code&")).toBe(true);
  });
});

describe("discovery", () => {
  it("accepts the fixture document", () => {
    expect(discover(discoveryJson(false))).toBe("");
    expect(makeMeta(true).issParameterSupported).toBe(true);
  });
  it("refuses an issuer that differs only by a trailing slash", () => {
    expect(discover(discoveryJson(false), FX_ISSUER + "/")).not.toBe("");
  });
  it("refuses an issuer that differs only in case", () => {
    expect(discover(discoveryJson(false), FX_ISSUER.toUpperCase())).not.toBe("");
  });
  it("refuses plain-http endpoints of an https issuer", () => {
    expect(discover(discoveryJson(false).replace('"token_endpoint":"https:', '"token_endpoint":"http:'))).not.toBe("");
    expect(discover(discoveryJson(false).replace('"jwks_uri":"https:', '"jwks_uri":"http:'))).not.toBe("");
  });
  it("refuses an IdP without PKCE S256 when it lists methods", () => {
    expect(discover(discoveryJson(false).replace('["plain","S256"]', '["plain"]'))).not.toBe("");
  });
  it("refuses documents that are not JSON objects or lack endpoints", () => {
    expect(discover("<html>")).not.toBe("");
    expect(discover("[]")).not.toBe("");
    expect(discover('{"issuer":"' + FX_ISSUER + '"}')).not.toBe("");
  });
  it("discoveryUrl does not double a trailing slash", () => {
    expect(discoveryUrl("https://idp.test/realms/x/")!.path).toBe("/realms/x/.well-known/openid-configuration");
    expect(discoveryUrl("https://idp.test")!.path).toBe("/.well-known/openid-configuration");
  });
});

describe("token responses", () => {
  it("reads a Bearer response, case-insensitively", () => {
    const t = parseTokenResponse(200, utf8Encode('{"access_token":"a","token_type":"bearer","id_token":"x.y.z","refresh_token":"r"}'), true);
    expect(t.error).toBe("");
    expect(t.idToken).toBe("x.y.z");
    expect(t.refreshToken).toBe("r");
  });
  it("requires an id_token at login but not on refresh", () => {
    const body = utf8Encode('{"access_token":"a","token_type":"Bearer"}');
    expect(parseTokenResponse(200, body, true).error).toBe("id_token_missing");
    expect(parseTokenResponse(200, body, false).error).toBe("");
  });
  it("refuses a non-string id_token or refresh_token", () => {
    expect(parseTokenResponse(200, utf8Encode('{"access_token":"a","token_type":"Bearer","id_token":5}'), true).error).not.toBe("");
    expect(parseTokenResponse(200, utf8Encode('{"access_token":"a","token_type":"Bearer","id_token":"x","refresh_token":[]}'), true).error).not.toBe("");
  });
  it("refuses a missing access token", () => {
    expect(parseTokenResponse(200, utf8Encode('{"token_type":"Bearer","id_token":"x"}'), true).error).toBe("access_token_missing");
  });
  it("a non-200 success-looking body is still a failure", () => {
    expect(parseTokenResponse(500, utf8Encode('{"access_token":"a","token_type":"Bearer","id_token":"x"}'), true).error).toBe("token_endpoint_status");
  });
  it("a 10 MB body fails without trapping", () => {
    expect(parseTokenResponse(200, new Uint8Array(10 * 1024 * 1024), true).error).not.toBe("");
  });
  it("invalid UTF-8 fails", () => {
    const b = utf8Encode('{"access_token":"a","token_type":"Bearer","id_token":"x"}');
    b[20] = 0xff;
    expect(parseTokenResponse(200, b, true).error).not.toBe("");
  });
});
