// The token answer that completes a login (finishLogin) and sign-out: a valid answer sets the
// session and clears the login cookie; a wrong nonce, a missing or unusable ID token, an IdP error,
// a timeout or hostile JSON ends the login with the right status and no session.
import { ProviderView } from "../../../assembly/core/oidc/flow";
import { Action } from "../../../assembly/core/http/decision";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { Cookie, parseCookieHeader } from "../../../assembly/core/encoding/cookie";
import { readSession } from "../../../assembly/core/session/session";
import { makeRequest, browserGet, header, headerValues, urlParam } from "./helpers";
import { NOW, config, callback, clears, setCookiePairs, pending, tokenBody, finish } from "./callback-helpers";
import * as F from "./jwt-fixtures";

describe("finishLogin", () => {
  it("a valid token response completes the login: 302 back, login cookie cleared, session set", () => {
    const cfg = config();
    const cont = pending(cfg);
    const d = finish(cfg, cont, 200, tokenBody(F.VALID_RS256, ',"refresh_token":"rt"'));
    expect(d.status).toBe(302);
    expect(header(d, "location")).toBe("/app/page?x=1");
    expect(clears(d, cont.loginCookieName)).toBe(true);
    const pairs = setCookiePairs(d);
    const jar = new Array<Cookie>();
    parseCookieHeader(pairs.join("; "), jar);
    const s = readSession(cfg.keys.session, cfg.sessionCookieName(), jar)!;
    expect(s.subject).toBe("user-1");
    expect(s.idToken).toBe(F.VALID_RS256);
    expect(s.idTokenExp).toBe(NOW + 600);
    expect(s.accessToken).toBe("");
    expect(header(d, "referrer-policy")).toBe("no-referrer");
  });
  it("a token with another nonce: 401", () => {
    const cfg = config();
    expect(finish(cfg, pending(cfg), 200, tokenBody(F.NONCE_WRONG)).status).toBe(401);
  });
  it("a token response without id_token: 502", () => {
    const cfg = config();
    const d = finish(cfg, pending(cfg), 200, utf8Encode('{"access_token":"a","token_type":"Bearer"}'));
    expect(d.status).toBe(502);
  });
  it("token_type other than Bearer: 502", () => {
    const cfg = config();
    expect(finish(cfg, pending(cfg), 200, utf8Encode('{"access_token":"a","token_type":"mac","id_token":"' + F.VALID_RS256 + '"}')).status).toBe(502);
  });
  it("a 200 carrying an error: 502, without the IdP's text", () => {
    const cfg = config();
    const d = finish(cfg, pending(cfg), 200, utf8Encode('{"error":"server_error","error_description":"secret-detail-xyz"}'));
    expect(d.status).toBe(502);
    expect(d.body.includes("secret-detail-xyz")).toBe(false);
  });
  it("an HTML answer: 502", () => {
    const cfg = config();
    expect(finish(cfg, pending(cfg), 200, utf8Encode("<html>login</html>")).status).toBe(502);
  });
  it("invalid_grant: 401", () => {
    const cfg = config();
    expect(finish(cfg, pending(cfg), 400, utf8Encode('{"error":"invalid_grant"}')).status).toBe(401);
  });
  it("no answer (timeout, reset): 504", () => {
    const cfg = config();
    expect(finish(cfg, pending(cfg), 0, new Uint8Array(0)).status).toBe(504);
  });
  it("deeply nested JSON: 502 without trapping", () => {
    const cfg = config();
    expect(finish(cfg, pending(cfg), 200, utf8Encode("[".repeat(100000))).status).toBe(502);
  });
  it("an unknown kid waits for keys once, then fails", () => {
    const cfg = config();
    const cont = pending(cfg);
    expect(finish(cfg, cont, 200, tokenBody(F.KID_UNKNOWN)).action).toBe(Action.AwaitKeys);
    expect(finish(cfg, cont, 200, tokenBody(F.KID_UNKNOWN), false).status).toBe(401);
  });
  it("alg none: 401 and no session", () => {
    const cfg = config();
    const d = finish(cfg, pending(cfg), 200, tokenBody(F.ALG_NONE));
    expect(d.status).toBe(401);
    const set = headerValues(d, "set-cookie");
    for (let i = 0; i < set.length; i++) expect(set[i].includes("oidc_session")).toBe(false);
  });
  it("an unsafe return path falls back to /", () => {
    const cfg = config();
    const cont = pending(cfg);
    cont.returnTo = "//evil.com";
    expect(header(finish(cfg, cont, 200, tokenBody(F.VALID_RS256)), "location")).toBe("/");
  });
});

describe("sign-out", () => {
  it("clears every session chunk and login cookie and goes to the IdP with id_token_hint", () => {
    const cfg = config();
    const cont = pending(cfg);
    const done = finish(cfg, cont, 200, tokenBody(F.VALID_RS256));
    const pairs = setCookiePairs(done);
    pairs.push("__Host-oidc_session_3=stale");
    pairs.push("__Host-oidc_login_AAAAAAAAAAAAAAAA=x");
    const d = callback(cfg, browserGet("/oauth2/sign_out", ["cookie", pairs.join("; ")]));
    expect(d.status).toBe(302);
    const loc = header(d, "location");
    expect(loc.startsWith("https://idp.test.local/realms/demo/protocol/openid-connect/logout?")).toBe(true);
    expect(urlParam(loc, "id_token_hint")).toBe(F.VALID_RS256);
    expect(loc.includes(F.FX_ACCESS_TOKEN)).toBe(false);
    expect(clears(d, "__Host-oidc_session")).toBe(true);
    expect(clears(d, "__Host-oidc_session_3")).toBe(true);
    expect(clears(d, "__Host-oidc_login_AAAAAAAAAAAAAAAA")).toBe(true);
  });
  it("a cross-site GET only gets a confirmation page", () => {
    const d = callback(config(), browserGet("/oauth2/sign_out", ["sec-fetch-site", "cross-site", "cookie", "__Host-oidc_session=1.x"]));
    expect(d.status).toBe(200);
    expect(headerValues(d, "set-cookie").length).toBe(0);
  });
  it("without an IdP logout endpoint, rd is honoured only when safe", () => {
    const cfg = config();
    const none = new ProviderView(null, null);
    expect(header(callback(cfg, browserGet("/oauth2/sign_out?rd=%2Fbye"), none), "location")).toBe("/bye");
    expect(header(callback(cfg, browserGet("/oauth2/sign_out?rd=%2F%2Fevil.com"), none), "location")).toBe("/");
    expect(header(callback(cfg, browserGet("/oauth2/sign_out?rd=https%3A%2F%2Fevil.com"), none), "location")).toBe("/");
  });
  it("other methods: 405", () => {
    expect(callback(config(), makeRequest("DELETE", "/oauth2/sign_out")).status).toBe(405);
  });
});
