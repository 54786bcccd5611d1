// The callback (RFC 6749 §4.1.2, OpenID Connect Core §3.1.2.5): a valid answer becomes the code
// exchange, and every malformed, forged, expired or mismatched answer is refused with the right
// status and without starting a new login. The token answer is in finish-login.spec.ts, random
// hostile input in callback-hostile.spec.ts.
import { ProviderView } from "../../../assembly/core/oidc/flow";
import { normalizeAuthority } from "../../../assembly/core/oidc/host";
import { Action, CallPurpose, HttpCall } from "../../../assembly/core/http/decision";
import { percentEncode } from "../../../assembly/core/encoding/url";
import { base64Encode, base64UrlEncode } from "../../../assembly/core/encoding/base64";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { ConfigBuilder, browserGet, header, REDIRECT_URL, CALLBACK_PATH } from "./helpers";
import { NOW, config, ready, startFlow, callbackReq, callback, clears, nameOf } from "./callback-helpers";
import * as F from "./jwt-fixtures";

function callHeader(call: HttpCall, name: string): string {
  for (let i = 0; i < call.headers.length; i++) if (call.headers[i].name == name) return call.headers[i].value;
  return "";
}

function counterBytes(call: i32): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[i] = ((call * 17 + i) & 0xff) as u8;
  return b;
}

describe("callback: a valid answer", () => {
  it("dispatches the code exchange to the token endpoint", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state + "&code=the-code", f.cookie));
    expect(d.action).toBe(Action.Call);
    const call = d.call!;
    expect(call.cluster).toBe("outbound|443||idp.test.local");
    expect(callHeader(call, ":method")).toBe("POST");
    expect(callHeader(call, ":path")).toBe("/realms/demo/protocol/openid-connect/token");
    expect(callHeader(call, ":authority")).toBe("idp.test.local");
    expect(callHeader(call, "content-type")).toBe("application/x-www-form-urlencoded");
  });
  it("uses Basic auth of the form-encoded client id and secret (RFC 6749 §2.3.1)", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const call = callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie)).call!;
    // client_secret is "s3cr:et%&": ":" "%" "&" must be escaped before Basic encoding.
    expect(callHeader(call, "authorization")).toBe("Basic " + base64Encode(utf8Encode(F.FX_CLIENT_ID + ":s3cr%3Aet%25%26")));
    expect(call.body.includes("client_secret")).toBe(false);
  });
  it("sends the code, the configured redirect_uri and the PKCE verifier", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const call = callback(cfg, callbackReq("state=" + f.state + "&code=a%2Bb+c", f.cookie)).call!;
    const verifier = base64UrlEncode(counterBytes(2));
    expect(call.body).toBe("grant_type=authorization_code&code=a%2Bb%20c&redirect_uri=" + percentEncode(REDIRECT_URL) +
      "&code_verifier=" + verifier);
  });
  it("carries the nonce, return path and login cookie name to the next step", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const cont = callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie)).continuation!;
    expect(cont.purpose).toBe(CallPurpose.TokenExchange);
    expect(cont.loginNonce).toBe(F.FX_NONCE);
    expect(cont.returnTo).toBe("/app/page?x=1");
    expect(cont.loginCookieName).toBe(nameOf(f.cookie));
  });
  it("client_secret_post puts the credentials in the body instead", () => {
    const cfg = new ConfigBuilder().set("client_auth", '"client_secret_post"').build();
    const f = startFlow(cfg);
    const call = callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie)).call!;
    expect(callHeader(call, "authorization")).toBe("");
    expect(call.body.endsWith("&client_id=" + F.FX_CLIENT_ID + "&client_secret=s3cr%3Aet%25%26")).toBe(true);
  });
  it("accepts the Host in another case, with :443 or a trailing dot", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const q = "state=" + f.state + "&code=c";
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "APP.test.local")).action).toBe(Action.Call);
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "app.test.local:443")).action).toBe(Action.Call);
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "app.test.local.")).action).toBe(Action.Call);
  });
  it("two tabs logging in at once both succeed", () => {
    const cfg = config();
    const a = startFlow(cfg, "/a", 0);
    const b = startFlow(cfg, "/b", 10);
    expect(a.state == b.state).toBe(false);
    const both = a.cookie + "; " + b.cookie;
    expect(callback(cfg, callbackReq("state=" + a.state + "&code=c", both)).continuation!.returnTo).toBe("/a");
    expect(callback(cfg, callbackReq("state=" + b.state + "&code=c", both)).continuation!.returnTo).toBe("/b");
  });
  it("an iss parameter equal to the issuer is accepted (RFC 9207)", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state + "&code=c&iss=" + percentEncode(F.FX_ISSUER), f.cookie), ready(true));
    expect(d.action).toBe(Action.Call);
  });
});

describe("callback: refusals", () => {
  it("missing state and code: 400", () => {
    const cfg = config();
    const d = callback(cfg, callbackReq("", ""));
    expect(d.action).toBe(Action.Respond);
    expect(d.status).toBe(400);
  });
  it("missing state: 400", () => {
    expect(callback(config(), callbackReq("code=c", "")).status).toBe(400);
  });
  it("missing code: 400, and the login cookie is cleared", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state, f.cookie));
    expect(d.status).toBe(400);
    expect(clears(d, nameOf(f.cookie))).toBe(true);
  });
  it("empty state or code: 400", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=&code=c", f.cookie)).status).toBe(400);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=", f.cookie)).status).toBe(400);
  });
  it("no login cookie (login CSRF): 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=c", "")).status).toBe(401);
  });
  it("a tampered login cookie: 401 and cleared", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const eq = f.cookie.indexOf("=");
    const v = f.cookie.substring(eq + 1);
    const tampered = f.cookie.substring(0, eq + 1) + v.substring(0, 10) + (v.charAt(10) == "A" ? "B" : "A") + v.substring(11);
    const d = callback(cfg, callbackReq("state=" + f.state + "&code=c", tampered));
    expect(d.status).toBe(401);
    expect(clears(d, nameOf(f.cookie))).toBe(true);
  });
  it("every byte flip of the login cookie gives one identical 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const eq = f.cookie.indexOf("=");
    const name = f.cookie.substring(0, eq + 1);
    const v = f.cookie.substring(eq + 1);
    const first = callback(cfg, callbackReq("state=" + f.state + "&code=c", name + (v.charAt(0) == "A" ? "B" : "A") + v.substring(1)));
    expect(first.status).toBe(401);
    for (let i = 0; i < v.length; i += 5) {
      const m = name + v.substring(0, i) + (v.charAt(i) == "A" ? "B" : "A") + v.substring(i + 1);
      const d = callback(cfg, callbackReq("state=" + f.state + "&code=c", m));
      expect(d.status).toBe(401);
      expect(d.body).toBe(first.body);
    }
  });
  it("a state that differs after the cookie-name prefix: 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const forged = f.state.substring(0, 16) + "x".repeat(f.state.length - 16);
    expect(callback(cfg, callbackReq("state=" + forged + "&code=c", f.cookie)).status).toBe(401);
  });
  it("a state of another flow: 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const other = startFlow(cfg, "/x", 10);
    expect(callback(cfg, callbackReq("state=" + other.state + "&code=c", f.cookie)).status).toBe(401);
  });
  it("a login cookie moved to another flow's name: 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const other = startFlow(cfg, "/x", 10);
    const moved = nameOf(other.cookie) + f.cookie.substring(f.cookie.indexOf("="));
    expect(callback(cfg, callbackReq("state=" + other.state + "&code=c", moved)).status).toBe(401);
  });
  it("a short or non-base64url state: 401 without trapping", () => {
    const cfg = config();
    expect(callback(cfg, callbackReq("state=abc&code=c", "")).status).toBe(401);
    expect(callback(cfg, callbackReq("state=%3B%3D%3B%3D%3B%3D%3B%3D%3B%3D%3B%3D%3B%3D%3B%3D&code=c", "")).status).toBe(401);
  });
  it("a flow older than 10 minutes: 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie), ready(), NOW + 601).status).toBe(401);
  });
  it("error=access_denied: 403, no IdP text, login cookie cleared", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state + "&error=access_denied&error_description=%3Cscript%3Eevil%3C%2Fscript%3E", f.cookie));
    expect(d.status).toBe(403);
    expect(d.body.includes("evil")).toBe(false);
    expect(d.body.includes("<script>")).toBe(false);
    expect(clears(d, nameOf(f.cookie))).toBe(true);
    expect(header(d, "location")).toBe("");
  });
  it("another IdP error: 401 and never a new login", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state + "&error=login_required", f.cookie));
    expect(d.status).toBe(401);
    expect(header(d, "location")).toBe("");
  });
  it("an unconfigured Host: 400", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const q = "state=" + f.state + "&code=c";
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "evil.test")).status).toBe(400);
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "app.test.local:8443")).status).toBe(400);
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "app.test.local.evil.test")).status).toBe(400);
    expect(callback(cfg, callbackReq(q, f.cookie, "GET", "")).status).toBe(400);
  });
  it("duplicate state or code: 400", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=" + f.state + "&state=" + f.state + "&code=c", f.cookie)).status).toBe(400);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=a&code=b", f.cookie)).status).toBe(400);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=a&c%6fde=b", f.cookie)).status).toBe(400);
  });
  it("POST: 400", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie, "POST")).status).toBe(400);
  });
  it("a malformed query: 400", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=%zz", f.cookie)).status).toBe(400);
  });
  it("an iss parameter of another issuer: 401 (mix-up)", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state + "&code=c&iss=" + percentEncode("https://evil.test"), f.cookie));
    expect(d.status).toBe(401);
  });
  it("no iss parameter when the IdP advertises it: 401", () => {
    const cfg = config();
    const f = startFlow(cfg);
    expect(callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie), ready(true)).status).toBe(401);
  });
  it("the IdP not ready: 503 and the login cookie cleared", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const d = callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie), new ProviderView(null, null));
    expect(d.status).toBe(503);
    expect(clears(d, nameOf(f.cookie))).toBe(true);
  });
  it("every callback answer carries no-store and no-referrer", () => {
    const cfg = config();
    const d = callback(cfg, callbackReq("code=c", ""));
    expect(header(d, "cache-control")).toBe("no-store");
    expect(header(d, "referrer-policy")).toBe("no-referrer");
  });
  it("/oauth2/callbackX and /oauth2/callback/../admin are not the callback", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const q = "?state=" + f.state + "&code=c";
    expect(callback(cfg, browserGet(CALLBACK_PATH + "X" + q, ["cookie", f.cookie])).action).not.toBe(Action.Call);
    expect(callback(cfg, browserGet(CALLBACK_PATH + "/../admin" + q, ["cookie", f.cookie])).action).not.toBe(Action.Call);
    expect(callback(cfg, browserGet(CALLBACK_PATH + "/" + q, ["cookie", f.cookie])).action).not.toBe(Action.Call);
  });
});

describe("normalizeAuthority", () => {
  it("lower-cases, drops a trailing dot and the default port", () => {
    expect(normalizeAuthority("APP.test.local.:443", "https")).toBe("app.test.local");
    expect(normalizeAuthority("app.test.local:80", "http")).toBe("app.test.local");
    expect(normalizeAuthority("app.test.local:80", "https")).toBe("app.test.local:80");
    expect(normalizeAuthority("[::1]:443", "https")).toBe("[::1]");
    expect(normalizeAuthority("[::1]:8443", "https")).toBe("[::1]:8443");
  });
});
