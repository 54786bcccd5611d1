// Forwarding upstream: the verified ID token as a Bearer credential (RFC 6750 §2.1), optionally
// the access token, and the Cookie header without any of the filter's own cookies (security.md
// F.47: state, session chunks never reach the backend).

import { Config } from "../config/config";
import { Request, Header } from "../http/request";
import { Decision } from "../http/decision";
import { Session } from "../session/session";

/**
 * The Cookie header to send upstream, or null when it needs no change; "" means drop it. Works on
 * the raw header, so every cookie of the application passes byte for byte (quotes, nameless ones).
 */
export function upstreamCookieHeader(cfg: Config, req: Request): string | null {
  const prefix = cfg.cookies.name("oidc_");
  let ours = false;
  for (let i = 0; i < req.cookies.length; i++) {
    if (unchecked(req.cookies[i]).name.startsWith(prefix)) { ours = true; break; }
  }
  if (!ours) return null;
  const segments = req.rawCookieHeader.split(";");
  const kept = new Array<string>();
  for (let i = 0; i < segments.length; i++) {
    const seg = unchecked(segments[i]).trim();
    if (seg.length == 0) continue;
    const eq = seg.indexOf("=");
    const name = eq < 0 ? "" : seg.substring(0, eq).trim();
    if (name.length > 0 && name.startsWith(prefix)) continue;
    kept.push(seg);
  }
  return kept.join("; ");
}

/** Forward without credentials (a bypassed path). */
export function forwardAnonymous(cfg: Config, req: Request): Decision {
  const d = Decision.forward();
  d.reason = "bypass";
  d.upstreamCookie = upstreamCookieHeader(cfg, req);
  return d;
}

/** Forward with the session's credentials. */
export function forwardWithSession(cfg: Config, req: Request, s: Session): Decision {
  const d = Decision.forward();
  d.reason = "session";
  d.upstreamCookie = upstreamCookieHeader(cfg, req);
  d.setRequestHeaders.push(new Header("authorization", "Bearer " + s.idToken));
  if (cfg.passAccessToken && s.accessToken.length > 0) {
    d.setRequestHeaders.push(new Header("x-forwarded-access-token", s.accessToken));
  }
  return d;
}
