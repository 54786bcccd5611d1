import { decide, ProviderView } from "../../../assembly/core/oidc/flow";
import { Action, Decision } from "../../../assembly/core/http/decision";
import { Request } from "../../../assembly/core/http/request";
import { Config } from "../../../assembly/core/config/config";
import { parseJwks } from "../../../assembly/core/jwt/jwks";
import { pkceChallenge } from "../../../assembly/core/oidc/login";
import { percentEncode } from "../../../assembly/core/encoding/url";
import { MAX_COOKIES } from "../../../assembly/core/encoding/cookie";
import { base64UrlEncode } from "../../../assembly/core/encoding/base64";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { Session, writeSession } from "../../../assembly/core/session/session";
import { CookieKeys } from "../../../assembly/core/session/seal";
import { ConfigBuilder, CounterEntropy, BrokenEntropy, makeMeta, makeRequest, browserGet, header, headerValues, cookiePair,
  urlParam, AUTHZ_ENDPOINT, REDIRECT_URL, TOKEN_ENDPOINT, SECRET_B, q } from "./helpers";
import { FX_NOW, FX_NONCE, FX_CLIENT_ID, JWKS_MAIN } from "./jwt-fixtures";

const NOW = FX_NOW;

function config(): Config {
  return new ConfigBuilder().set("match", '{"mode":"bypass_if_matched","rules":[{"path":"/public","type":"prefix"}]}').build();
}
function ready(): ProviderView {
  return new ProviderView(makeMeta(), parseJwks(utf8Encode(JWKS_MAIN)));
}
function notReady(): ProviderView {
  return new ProviderView(null, null);
}
function run(req: Request, provider: ProviderView = ready(), cfg: Config = config()): Decision {
  return decide(cfg, provider, req, NOW, new CounterEntropy());
}

/** Bytes CounterEntropy returns on call k, base64url: the random tokens of startLogin. */
function counterToken(call: i32): string {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[i] = ((call * 17 + i) & 0xff) as u8;
  return base64UrlEncode(b);
}

function liveSession(): Session {
  const s = new Session();
  s.createdAt = NOW - 100;
  s.expiresAt = NOW + 3600;
  s.lastSeen = NOW - 100;
  s.idTokenExp = NOW + 600;
  s.subject = "user-1";
  s.idToken = "id.token.value";
  return s;
}

/** The Cookie header value carrying `s` as the session of `cfg`. */
function sessionCookie(cfg: Config, s: Session, keys: CookieKeys | null = null): string {
  const k = keys === null ? cfg.keys : keys;
  const lines = writeSession(k.session, cfg.cookies, cfg.sessionCookieName(), s, 3600, [], new CounterEntropy())!;
  const pairs = new Array<string>();
  for (let i = 0; i < lines.length; i++) pairs.push(cookiePair(lines[i]));
  return pairs.join("; ");
}

describe("decide: header hygiene", () => {
  it("two Cookie headers are refused with 400", () => {
    const d = run(browserGet("/app", ["cookie", "a=1", "cookie", "b=2"]));
    expect(d.action).toBe(Action.Respond);
    expect(d.status).toBe(400);
  });
  it("two Cookie headers are refused on a bypass path too", () => {
    expect(run(browserGet("/public/x", ["cookie", "a=1", "cookie", "b=2"])).status).toBe(400);
  });
  it("two Authorization headers are refused with 400", () => {
    expect(run(browserGet("/app", ["authorization", "Bearer a", "authorization", "Bearer b"])).status).toBe(400);
  });
});

describe("decide: bypass paths", () => {
  it("continue without credentials", () => {
    const d = run(browserGet("/public/app.js"));
    expect(d.action).toBe(Action.Continue);
    expect(d.setRequestHeaders.length).toBe(0);
    expect(d.upstreamCookie).toBeNull();
  });
  it("strip our session, chunk and login cookies from the upstream Cookie header", () => {
    const d = run(browserGet("/public/x", ["cookie",
      "a=1; __Host-oidc_session=1.abc; __Host-oidc_session_1=def; __Host-oidc_login_AbCdEfGhIjKlMnOp=x; b=2"]));
    expect(d.action).toBe(Action.Continue);
    expect(d.upstreamCookie!).toBe("a=1; b=2");
  });
  it("drop the Cookie header when only our cookies were in it", () => {
    expect(run(browserGet("/public/x", ["cookie", "__Host-oidc_session=1.abc"])).upstreamCookie!).toBe("");
  });
  it("keep the application's cookie values byte for byte while stripping ours", () => {
    const d = run(browserGet("/public/x", ["cookie", 'app="quoted value"; __Host-oidc_session=1.abc']));
    expect(d.upstreamCookie!).toBe('app="quoted value"');
  });
  it("never forward our session cookie past the MAX_COOKIES parsing cap", () => {
    const parts = new Array<string>();
    for (let i = 0; i < MAX_COOKIES + 5; i++) parts.push("c" + i.toString() + "=v");
    parts.push("__Host-oidc_session=1.sealed-session-value");
    const d = run(browserGet("/public/x", ["cookie", parts.join("; ")]));
    if (d.action == Action.Continue) {
      const up = d.upstreamCookie;
      // null means "forward the original header unchanged", which still holds our cookie.
      expect(up).not.toBeNull();
      if (up !== null) expect(up.includes("oidc_session")).toBe(false);
    }
  });
});

describe("decide: protected path without a session", () => {
  it("a browser navigation is sent to the authorization endpoint with every required parameter", () => {
    const d = run(browserGet("/app/page?x=1"));
    expect(d.action).toBe(Action.Respond);
    expect(d.status).toBe(302);
    const loc = header(d, "location");
    expect(loc.startsWith(AUTHZ_ENDPOINT + "?")).toBe(true);
    expect(urlParam(loc, "response_type")).toBe("code");
    expect(urlParam(loc, "client_id")).toBe(FX_CLIENT_ID);
    expect(urlParam(loc, "redirect_uri")).toBe(percentEncode(REDIRECT_URL));
    expect(urlParam(loc, "scope")).toBe("openid%20email%20profile");
    expect(urlParam(loc, "state")).toBe(counterToken(0));
    expect(urlParam(loc, "nonce")).toBe(FX_NONCE);
    expect(urlParam(loc, "code_challenge")).toBe(pkceChallenge(counterToken(2)));
    expect(urlParam(loc, "code_challenge_method")).toBe("S256");
  });
  it("state, nonce and verifier are 256-bit, distinct, and the verifier never appears in the URL", () => {
    const loc = header(run(browserGet("/app")), "location");
    const state = urlParam(loc, "state");
    expect(state.length).toBe(43);
    expect(state == urlParam(loc, "nonce")).toBe(false);
    expect(loc.includes(counterToken(2))).toBe(false);
  });
  it("sets one per-flow login cookie: __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, Max-Age=600", () => {
    const d = run(browserGet("/app"));
    const cookies = headerValues(d, "set-cookie");
    expect(cookies.length).toBe(1);
    const c = cookies[0];
    expect(c.startsWith("__Host-oidc_login_" + counterToken(0).substring(0, 16) + "=")).toBe(true);
    expect(c.includes("; Path=/")).toBe(true);
    expect(c.includes("; HttpOnly")).toBe(true);
    expect(c.includes("; SameSite=Lax")).toBe(true);
    expect(c.includes("; Max-Age=600")).toBe(true);
    expect(c.includes("; Secure")).toBe(true);
    expect(c.toLowerCase().includes("domain=")).toBe(false);
    expect(header(d, "cache-control")).toBe("no-store");
  });
  it("a spoofed Authorization header does not count as a session", () => {
    const d = run(browserGet("/app", ["authorization", "Bearer forged"]));
    expect(d.status).toBe(302);
  });
  it("XHR with Accept: application/json gets 401 and a JSON body", () => {
    const d = run(makeRequest("GET", "/app", ["accept", "application/json"]));
    expect(d.status).toBe(401);
    expect(header(d, "www-authenticate")).toBe("Bearer");
    expect(header(d, "content-type")).toBe("application/json");
    expect(headerValues(d, "set-cookie").length).toBe(0);
  });
  it("X-Requested-With gets 401", () => {
    expect(run(browserGet("/app", ["x-requested-with", "XMLHttpRequest"])).status).toBe(401);
  });
  it("Sec-Fetch-Mode: cors gets 401 even when it accepts HTML", () => {
    expect(run(makeRequest("GET", "/app", ["accept", "text/html", "sec-fetch-mode", "cors"])).status).toBe(401);
  });
  it("a POST gets 401, never a redirect", () => {
    expect(run(makeRequest("POST", "/app", ["accept", "text/html"])).status).toBe(401);
  });
  it("a client without Accept (curl) gets 401", () => {
    expect(run(makeRequest("GET", "/app")).status).toBe(401);
  });
  it("the IdP not ready gives 503 to a browser and to XHR, and nothing passes", () => {
    const b = run(browserGet("/app"), notReady());
    expect(b.action).toBe(Action.Respond);
    expect(b.status).toBe(503);
    expect(run(makeRequest("GET", "/app", ["accept", "application/json"]), notReady()).status).toBe(503);
  });
  it("failing randomness gives 503 and no login cookie", () => {
    const d = decide(config(), ready(), browserGet("/app"), NOW, new BrokenEntropy());
    expect(d.status).toBe(503);
    expect(headerValues(d, "set-cookie").length).toBe(0);
  });
  it("the return path is kept only when it is a safe local path", () => {
    // The sealed return path is not visible; a protocol-relative path must still produce a login.
    expect(run(browserGet("//evil.com/x")).status).toBe(302);
  });
  it("ambiguous paths in a bypass prefix still need auth (/public/../app, /public%2f..)", () => {
    expect(run(browserGet("/public/../app")).status).toBe(302);
    expect(run(browserGet("/public%2f..%2fapp")).status).toBe(302);
    expect(run(browserGet("/public;x")).status).toBe(302);
    expect(run(browserGet("/Public/x")).status).toBe(302);
  });
  it("clears more than MAX_LOGIN_COOKIES old login cookies", () => {
    const parts = new Array<string>();
    for (let i = 0; i < 8; i++) parts.push("__Host-oidc_login_AAAAAAAAAAAAAAA" + i.toString() + "=x");
    const d = run(browserGet("/app", ["cookie", parts.join("; ")]));
    expect(headerValues(d, "set-cookie").length).toBe(9);
  });
});

describe("decide: with a session", () => {
  it("forwards with the ID token as Bearer and strips our cookies upstream", () => {
    const cfg = config();
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", "a=1; " + sessionCookie(cfg, liveSession())]), NOW, new CounterEntropy());
    expect(d.action).toBe(Action.Continue);
    expect(d.setRequestHeaders.length).toBe(1);
    expect(d.setRequestHeaders[0].name).toBe("authorization");
    expect(d.setRequestHeaders[0].value).toBe("Bearer id.token.value");
    expect(d.upstreamCookie!).toBe("a=1");
  });
  it("an expired session sends the browser to the IdP and clears the session cookie", () => {
    const cfg = config();
    const s = liveSession();
    s.expiresAt = NOW;
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", sessionCookie(cfg, s)]), NOW, new CounterEntropy());
    expect(d.status).toBe(302);
    const cookies = headerValues(d, "set-cookie");
    let cleared = false;
    for (let i = 0; i < cookies.length; i++) if (cookies[i].startsWith("__Host-oidc_session=;")) cleared = true;
    expect(cleared).toBe(true);
  });
  it("a session with an expired ID token and no refresh token is no session", () => {
    const cfg = config();
    const s = liveSession();
    s.idTokenExp = NOW;
    expect(decide(cfg, ready(), browserGet("/app", ["cookie", sessionCookie(cfg, s)]), NOW, new CounterEntropy()).status).toBe(302);
  });
  it("a tampered session cookie is no session", () => {
    const cfg = config();
    const c = sessionCookie(cfg, liveSession());
    const tampered = c.substring(0, c.length - 3) + (c.endsWith("A") ? "B" : "A") + c.substring(c.length - 2);
    expect(decide(cfg, ready(), browserGet("/app", ["cookie", tampered]), NOW, new CounterEntropy()).status).toBe(302);
  });
  it("a session sealed under a foreign secret is no session", () => {
    const cfg = config();
    const other = new ConfigBuilder().set("cookie_secret", q(SECRET_B)).build();
    const c = sessionCookie(cfg, liveSession(), other.keys);
    expect(decide(cfg, ready(), browserGet("/app", ["cookie", c]), NOW, new CounterEntropy()).status).toBe(302);
  });
  it("a session sealed under the previous secret is forwarded and re-sealed", () => {
    const cfg = new ConfigBuilder().set("cookie_secret_previous", "[" + q(SECRET_B) + "]").build();
    const old = new ConfigBuilder().set("cookie_secret", q(SECRET_B)).build();
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", sessionCookie(cfg, liveSession(), old.keys)]), NOW, new CounterEntropy());
    expect(d.action).toBe(Action.Continue);
    expect(d.responseCookies.length).toBeGreaterThan(0);
  });
  it("a login cookie replayed as the session cookie is no session", () => {
    const cfg = config();
    const login = cookiePair(headerValues(run(browserGet("/app")), "set-cookie")[0]);
    const value = login.substring(login.indexOf("=") + 1);
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", "__Host-oidc_session=1." + value]), NOW, new CounterEntropy());
    expect(d.status).toBe(302);
  });
  it("a session due for refresh dispatches a refresh_token grant to the token endpoint", () => {
    const cfg = config();
    const s = liveSession();
    s.refreshToken = "rt-1";
    s.refreshAt = NOW - 1;
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", sessionCookie(cfg, s)]), NOW, new CounterEntropy());
    expect(d.action).toBe(Action.Call);
    expect(d.call!.body.startsWith("grant_type=refresh_token&refresh_token=rt-1")).toBe(true);
  });
  it("a session due for refresh while the IdP is unknown is served while its ID token lives", () => {
    const cfg = config();
    const s = liveSession();
    s.refreshToken = "rt-1";
    s.refreshAt = NOW - 1;
    const d = decide(cfg, notReady(), browserGet("/app", ["cookie", sessionCookie(cfg, s)]), NOW, new CounterEntropy());
    expect(d.action).toBe(Action.Continue);
  });
  it("the token endpoint is reached through Istio's cluster name by default", () => {
    const cfg = config();
    const s = liveSession();
    s.refreshToken = "rt-1";
    s.refreshAt = NOW - 1;
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", sessionCookie(cfg, s)]), NOW, new CounterEntropy());
    expect(d.call!.cluster).toBe("outbound|443||idp.test.local");
    expect(TOKEN_ENDPOINT.startsWith("https://idp.test.local/")).toBe(true);
  });
});
