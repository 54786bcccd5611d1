import { decide, ProviderView, liveSession } from "../../../assembly/core/oidc/flow";
import { finishRefresh, refreshDue } from "../../../assembly/core/oidc/refresh";
import { Action, Decision, Continuation } from "../../../assembly/core/http/decision";
import { Config } from "../../../assembly/core/config/config";
import { parseJwks, Jwks } from "../../../assembly/core/jwt/jwks";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { Session, writeSession } from "../../../assembly/core/session/session";
import { ConfigBuilder, CounterEntropy, makeMeta, browserGet, makeRequest, headerValues, cookiePair } from "./helpers";
import * as F from "./jwt-fixtures";

const NOW = F.FX_NOW;

function config(): Config { return new ConfigBuilder().set("cookie_idle_timeout", '"1h"').build(); }
function jwks(): Jwks { return parseJwks(utf8Encode(F.JWKS_MAIN))!; }
function ready(): ProviderView { return new ProviderView(makeMeta(), jwks()); }

function dueSession(): Session {
  const s = new Session();
  s.createdAt = NOW - 4000;
  s.expiresAt = NOW + 3600;
  s.lastSeen = NOW - 10;
  s.refreshAt = NOW - 1;
  s.idTokenExp = NOW + 100;
  s.subject = "user-1";
  s.idToken = "old.id.token";
  s.refreshToken = "rt-1";
  return s;
}

function cookieOf(cfg: Config, s: Session): string {
  const lines = writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), s, 3600, [], new CounterEntropy())!;
  const pairs = new Array<string>();
  for (let i = 0; i < lines.length; i++) pairs.push(cookiePair(lines[i]));
  return pairs.join("; ");
}

/** The continuation decide() hands to the root for a refresh. */
function pendingRefresh(cfg: Config, accept: string = "text/html"): Continuation {
  const d = decide(cfg, ready(), makeRequest("GET", "/app", ["accept", accept, "cookie", cookieOf(cfg, dueSession())]), NOW, new CounterEntropy());
  return d.continuation!;
}

function answer(cfg: Config, cont: Continuation, status: i32, body: string, now: i64 = NOW): Decision {
  return finishRefresh(cfg, makeMeta(), jwks(), cont, status, utf8Encode(body), now, new CounterEntropy(), true);
}

function clearsSession(d: Decision): bool {
  const v = headerValues(d, "set-cookie");
  for (let i = 0; i < v.length; i++) if (v[i].startsWith("__Host-oidc_session=;")) return true;
  return false;
}

describe("refresh", () => {
  it("refreshDue: at refreshAt, or 30 s before the ID token expires, and never without a refresh token", () => {
    const s = dueSession();
    expect(refreshDue(s, NOW)).toBe(true);
    s.refreshAt = NOW + 1000;
    expect(refreshDue(s, NOW)).toBe(false);
    expect(refreshDue(s, NOW + 70)).toBe(true);
    s.refreshToken = "";
    expect(refreshDue(s, NOW + 1000)).toBe(false);
  });
  it("a new ID token for the same user forwards it and re-seals the session", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg), 200, '{"access_token":"a","token_type":"Bearer","id_token":"' + F.VALID_RS256 + '"}');
    expect(d.action).toBe(Action.Continue);
    expect(d.setRequestHeaders[0].value).toBe("Bearer " + F.VALID_RS256);
    expect(d.responseCookies.length).toBeGreaterThan(0);
  });
  it("a new ID token for another user ends the session", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg), 200, '{"access_token":"a","token_type":"Bearer","id_token":"' + F.SUB_OTHER + '"}');
    expect(d.action).toBe(Action.Respond);
    expect(clearsSession(d)).toBe(true);
  });
  it("a refused refresh token ends the session: browser back to the IdP", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg), 400, '{"error":"invalid_grant"}');
    expect(d.status).toBe(302);
    expect(clearsSession(d)).toBe(true);
  });
  it("a refused refresh token ends the session: XHR gets 401", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg, "application/json"), 400, '{"error":"invalid_grant"}');
    expect(d.status).toBe(401);
    expect(clearsSession(d)).toBe(true);
  });
  it("no new ID token and an expired old one ends the session", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg), 200, '{"access_token":"a","token_type":"Bearer"}', NOW + 200);
    expect(d.action).toBe(Action.Respond);
  });
  it("a refreshed ID token with a bad signature ends the session", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg), 200, '{"access_token":"a","token_type":"Bearer","id_token":"' + F.SIGNED_BY_ATTACKER_KID_K1 + '"}');
    expect(d.action).toBe(Action.Respond);
    expect(clearsSession(d)).toBe(true);
  });
  it("the absolute lifetime does not grow with a refresh", () => {
    const cfg = config();
    const d = answer(cfg, pendingRefresh(cfg), 200, '{"access_token":"a","token_type":"Bearer","id_token":"' + F.VALID_RS256 + '","refresh_token":"rt-2"}');
    const c = d.responseCookies[0];
    expect(c.includes("Max-Age=3600")).toBe(true);
  });
});

describe("liveSession", () => {
  it("an idle session beyond cookie_idle_timeout is no session", () => {
    const cfg = config();
    const s = dueSession();
    s.lastSeen = NOW - 3601;
    expect(liveSession(cfg, s, NOW)).toBeNull();
    s.lastSeen = NOW - 3600;
    expect(liveSession(cfg, s, NOW)).not.toBeNull();
  });
  it("a session past its absolute end is no session even with a refresh token", () => {
    const s = dueSession();
    s.expiresAt = NOW;
    expect(liveSession(config(), s, NOW)).toBeNull();
  });
  it("an idle-but-valid session forwards and refreshes its last-seen time", () => {
    const cfg = config();
    const s = dueSession();
    s.refreshToken = "";
    s.refreshAt = 0;
    s.lastSeen = NOW - 1000;
    const d = decide(cfg, ready(), browserGet("/app", ["cookie", cookieOf(cfg, s)]), NOW, new CounterEntropy());
    expect(d.action).toBe(Action.Continue);
    expect(d.responseCookies.length).toBeGreaterThan(0);
  });
});
