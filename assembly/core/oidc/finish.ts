// Completing a login when the token endpoint answers: verify the ID token, seal the session,
// clear the login cookie and send the browser back to where it started (re-validated here, even
// though it was sealed: security.md C.26).

import { Config } from "../config/config";
import { Decision, Continuation } from "../http/decision";
import { errorPage } from "../http/pages";
import { Jwks } from "../jwt/jwks";
import { Entropy } from "../entropy";
import { parseTokenResponse } from "./token";
import { checkIdToken } from "./verify";
import { callbackHeaders } from "./callback";
import { safeLocalPath } from "./redirects";
import { Session, writeSession } from "../session/session";

function fail(cfg: Config, cont: Continuation, status: i32, code: string, message: string): Decision {
  const d = errorPage(cont.request, status, code, "Sign-in failed", message, "/");
  d.addResponseHeader("set-cookie", cfg.cookies.clear(cont.loginCookieName));
  return callbackHeaders(d);
}

/** Status of a token endpoint failure: 504 timeout, 503 unavailable, 401 a refused code, else 502. */
function tokenFailureStatus(code: string): i32 {
  if (code == "token_endpoint_timeout") return 504;
  if (code == "token_endpoint_unavailable") return 503;
  if (code == "token_invalid_grant") return 401;
  return 502;
}

/** Seconds the session cookie lives in the browser: until the session's absolute end, or -1 (until the browser closes). */
export function sessionMaxAge(s: Session, nowS: i64): i64 {
  return s.expiresAt > 0 ? max<i64>(0, s.expiresAt - nowS) : -1;
}

/**
 * Continues a login with the token endpoint's answer. `canRefetchKeys` is false once the JWKS
 * was fetched again for this request, so an unknown kid fails instead of looping.
 */
export function finishLogin(cfg: Config, jwks: Jwks | null, cont: Continuation, status: i32, body: Uint8Array,
  nowS: i64, entropy: Entropy, canRefetchKeys: bool): Decision {
  const tokens = parseTokenResponse(status, body, true);
  if (tokens.error.length > 0) {
    return fail(cfg, cont, tokenFailureStatus(tokens.error), tokens.error, "The identity provider did not complete the sign-in.");
  }
  if (jwks === null) {
    return fail(cfg, cont, 503, "jwks_unavailable", "The identity provider's keys are not available yet. Please try again shortly.");
  }
  const check = checkIdToken(cfg, jwks, tokens.idToken, cont.loginNonce, null, tokens.accessToken, nowS);
  if (check.unknownKid && canRefetchKeys) {
    cont.tokenStatus = status;
    cont.tokenBody = body;
    return Decision.awaitKeys(cont);
  }
  const claims = check.claims;
  if (check.error.length > 0 || claims === null) {
    return fail(cfg, cont, 401, check.error, "The identity provider's answer could not be verified.");
  }
  const s = new Session();
  s.createdAt = nowS;
  s.lastSeen = nowS;
  s.expiresAt = cfg.cookieExpireSeconds > 0 ? nowS + cfg.cookieExpireSeconds : 0;
  s.refreshAt = cfg.cookieRefreshSeconds > 0 && tokens.refreshToken.length > 0 ? nowS + cfg.cookieRefreshSeconds : 0;
  s.idTokenExp = claims.exp;
  s.subject = claims.sub;
  s.idToken = tokens.idToken;
  s.refreshToken = tokens.refreshToken;
  s.accessToken = cfg.passAccessToken ? tokens.accessToken : "";
  const cookies = writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), s, sessionMaxAge(s, nowS),
    cont.request.cookies, entropy);
  if (cookies === null) {
    return fail(cfg, cont, 500, "session_too_large", "The sign-in produced a session too large to store.");
  }
  const target = safeLocalPath(cont.returnTo);
  const d = Decision.redirect(target === null ? "/" : target, "login_complete");
  d.addResponseHeader("set-cookie", cfg.cookies.clear(cont.loginCookieName));
  for (let i = 0; i < cookies.length; i++) d.addResponseHeader("set-cookie", unchecked(cookies[i]));
  return callbackHeaders(d);
}
