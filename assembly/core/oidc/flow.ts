// One request, one straight line of early returns ending in a Decision (the shape of Envoy's
// OAuth2 filter decodeHeaders): refuse ambiguity → sign-out path → callback path → bypass rules →
// valid session (forward) → session due for refresh (pause, refresh, forward) → not authenticated
// (302 for a browser, 401 otherwise). Spoofable headers are stripped by the glue before this runs.

import { Config } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { Request } from "../http/request";
import { Decision, Continuation } from "../http/decision";
import { errorPage } from "../http/pages";
import { Jwks } from "../jwt/jwks";
import { Entropy } from "../entropy";
import { readSession, clearSession, writeSession, Session } from "../session/session";
import { SessionCache } from "../session/cache";
import { sessionMaxAge } from "./finish";
import { handleCallback } from "./callback";
import { signOut } from "./signout";
import { forwardAnonymous, forwardWithSession } from "./forward";
import { refreshDue, startRefresh } from "./refresh";
import { unauthenticated } from "./unauthenticated";

/** What the root context knows about the IdP right now. */
/** What the root context knows right now: the IdP, and the sessions it opened recently. */
export class ProviderView {
  constructor(public meta: ProviderMetadata | null, public jwks: Jwks | null, public sessions: SessionCache | null = null) {}
}

/** The session if it may still be used at `nowS` (absolute and idle limits); else null. */
export function liveSession(cfg: Config, s: Session | null, nowS: i64): Session | null {
  if (s === null) return null;
  if (s.expiresAt != 0 && nowS >= s.expiresAt) return null;
  if (cfg.cookieIdleSeconds > 0 && nowS - s.lastSeen > cfg.cookieIdleSeconds) return null;
  if (s.idTokenExp <= nowS && s.refreshToken.length == 0) return null;
  return s;
}

export function decide(cfg: Config, provider: ProviderView, req: Request, nowS: i64, entropy: Entropy): Decision {
  // RFC 6265 §5.4 allows one Cookie header; two Authorization headers have no single meaning.
  if (req.cookieHeaders > 1 || req.authorizationHeaders > 1) {
    return errorPage(req, 400, "duplicate_header", "Bad request", "The request repeated a header that must be unique.", "");
  }
  if (!req.cookiesParsed) {
    return errorPage(req, 431, "too_many_cookies", "Too many cookies", "The request carries more cookies than the gateway accepts.", "");
  }
  if (req.path == cfg.signOutPath) return signOut(cfg, provider.meta, req, entropy);
  if (req.path == cfg.callbackPath) return handleCallback(cfg, provider.meta, req, nowS);
  if (!cfg.rules.needsAuth(req.path)) return forwardAnonymous(cfg, req);

  const sealed = readSession(cfg.keys.session, cfg.sessionCookieName(), req.cookies, provider.sessions);
  const session = liveSession(cfg, sealed, nowS);
  if (session !== null) {
    if (!refreshDue(session, nowS)) return touchIfNeeded(cfg, req, session, nowS, entropy, forwardWithSession(cfg, req, session));
    const meta = provider.meta;
    if (meta !== null) return startRefresh(cfg, meta, new Continuation(req), session);
    // The IdP is unknown right now: keep serving while the ID token is still valid.
    if (session.idTokenExp > nowS) return forwardWithSession(cfg, req, session);
  }
  const d = unauthenticated(cfg, provider.meta, req, nowS, entropy);
  if (hasSessionCookie(cfg, req)) {
    // A stale or foreign session cookie is cleared now, so it cannot cause a second IdP trip.
    const clears = clearSession(cfg.cookies, cfg.sessionCookieName(), req.cookies);
    for (let i = 0; i < clears.length; i++) d.addResponseHeader("set-cookie", unchecked(clears[i]));
  }
  return d;
}

/**
 * Re-seals the session on the response when it was opened with a previous secret (rotation) or,
 * with an idle timeout, when its last-seen time is getting old. Re-sealing costs a Set-Cookie, so
 * last-seen is only refreshed every quarter of the idle timeout.
 */
function touchIfNeeded(cfg: Config, req: Request, s: Session, nowS: i64, entropy: Entropy, d: Decision): Decision {
  const idle = cfg.cookieIdleSeconds;
  const stale = idle > 0 && nowS - s.lastSeen >= max<i64>(1, idle / 4);
  if (!stale && !s.sealedWithOldKey) return d;
  if (idle > 0) s.lastSeen = nowS;
  const cookies = writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), s, sessionMaxAge(s, nowS), req.cookies, entropy);
  if (cookies !== null) for (let i = 0; i < cookies.length; i++) d.responseCookies.push(unchecked(cookies[i]));
  return d;
}

function hasSessionCookie(cfg: Config, req: Request): bool {
  const base = cfg.sessionCookieName();
  for (let i = 0; i < req.cookies.length; i++) if (unchecked(req.cookies[i]).name.startsWith(base)) return true;
  return false;
}
