// Renewing a session with its refresh token (RFC 6749 §6; OpenID Connect Core §12): the request
// waits while the token endpoint answers, then goes upstream with the new ID token and the new
// session cookie is set on the response. A failed refresh ends the session: a browser goes back
// to the IdP, an API client gets 401. An expired ID token is never forwarded.

import { Config } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { Decision, Continuation, CallPurpose } from "../http/decision";
import { Jwks } from "../jwt/jwks";
import { Entropy } from "../entropy";
import { Session, writeSession, clearSession } from "../session/session";
import { parseTokenResponse, refreshCall } from "./token";
import { checkIdToken } from "./verify";
import { forwardWithSession } from "./forward";
import { sessionMaxAge } from "./finish";
import { unauthenticated } from "./unauthenticated";

/** Refresh this long before the ID token expires, so a forwarded token is never about to lapse. */
export const EXPIRY_MARGIN_SECONDS: i64 = 30;

export function refreshDue(s: Session, nowS: i64): bool {
  if (s.refreshToken.length == 0) return false;
  if (s.refreshAt != 0 && nowS >= s.refreshAt) return true;
  return s.idTokenExp - EXPIRY_MARGIN_SECONDS <= nowS;
}

export function startRefresh(cfg: Config, meta: ProviderMetadata, cont: Continuation, s: Session): Decision {
  cont.purpose = CallPurpose.Refresh;
  cont.session = s;
  return Decision.dispatch(refreshCall(cfg, meta, s.refreshToken), cont, "refresh");
}

/** Ends the session after a failed refresh: clear it, then the usual unauthenticated answer. */
function endSession(cfg: Config, meta: ProviderMetadata | null, cont: Continuation, nowS: i64, entropy: Entropy, why: string): Decision {
  const d = unauthenticated(cfg, meta, cont.request, nowS, entropy);
  const clears = clearSession(cfg.cookies, cfg.sessionCookieName(), cont.request.cookies);
  for (let i = 0; i < clears.length; i++) d.addResponseHeader("set-cookie", unchecked(clears[i]));
  d.reason = why;
  return d;
}

/** Token endpoint failures that say nothing about the grant itself (RFC 6749 §5.2 errors do). */
function isTransient(code: string): bool {
  return code == "token_endpoint_timeout" || code == "token_endpoint_unavailable" ||
    code == "token_endpoint_status" || code == "token_response_not_json";
}

export function finishRefresh(cfg: Config, meta: ProviderMetadata | null, jwks: Jwks | null, cont: Continuation,
  status: i32, body: Uint8Array, nowS: i64, entropy: Entropy, canRefetchKeys: bool): Decision {
  const old = cont.session;
  if (old === null) return endSession(cfg, meta, cont, nowS, entropy, "refresh_lost_session");
  const tokens = parseTokenResponse(status, body, false);
  if (tokens.error.length > 0) {
    // The IdP could not be asked (down, slow, 5xx): a session whose ID token is still valid goes on
    // with it, and the refresh is tried again later. Only a refusal (invalid_grant...) or an expired
    // ID token ends the session.
    if (isTransient(tokens.error) && old.idTokenExp > nowS) {
      const d = forwardWithSession(cfg, cont.request, old);
      d.reason = "refresh_deferred";
      return d;
    }
    return endSession(cfg, meta, cont, nowS, entropy, "refresh_" + tokens.error);
  }
  const s = new Session();
  s.createdAt = old.createdAt;
  s.expiresAt = old.expiresAt; // the absolute lifetime never grows with refreshes
  s.lastSeen = nowS;
  s.subject = old.subject;
  s.idToken = old.idToken;
  s.idTokenExp = old.idTokenExp;
  s.refreshToken = tokens.refreshToken.length > 0 ? tokens.refreshToken : old.refreshToken;
  s.accessToken = cfg.passAccessToken ? tokens.accessToken : "";
  if (tokens.idToken.length > 0) {
    if (jwks === null) return endSession(cfg, meta, cont, nowS, entropy, "refresh_jwks_unavailable");
    const check = checkIdToken(cfg, jwks, tokens.idToken, null, old.subject, tokens.accessToken, nowS);
    if (check.unknownKid && canRefetchKeys) {
      cont.tokenStatus = status;
      cont.tokenBody = body;
      return Decision.awaitKeys(cont);
    }
    const claims = check.claims;
    if (check.error.length > 0 || claims === null) return endSession(cfg, meta, cont, nowS, entropy, "refresh_" + check.error);
    s.idToken = tokens.idToken;
    s.idTokenExp = claims.exp;
  }
  if (s.idTokenExp <= nowS) return endSession(cfg, meta, cont, nowS, entropy, "refresh_without_fresh_id_token");
  s.refreshAt = cfg.cookieRefreshSeconds > 0 ? nowS + cfg.cookieRefreshSeconds : 0;
  const cookies = writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), s, sessionMaxAge(s, nowS),
    cont.request.cookies, entropy);
  if (cookies === null) return endSession(cfg, meta, cont, nowS, entropy, "refresh_session_too_large");
  const d = forwardWithSession(cfg, cont.request, s);
  d.reason = "refreshed";
  for (let i = 0; i < cookies.length; i++) d.responseCookies.push(unchecked(cookies[i]));
  return d;
}
