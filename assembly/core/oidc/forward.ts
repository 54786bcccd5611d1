// Forwarding upstream: the verified ID token as a Bearer credential (RFC 6750 §2.1), optionally
// the access token, and the Cookie header without any of the filter's own cookies (security.md
// F.47: state, session chunks never reach the backend).

import { Config } from "../config/config";
import { Request, Header } from "../http/request";
import { Decision } from "../http/decision";
import { Session } from "../session/session";

/** The Cookie header to send upstream, or null when it needs no change. "" means drop it. */
export function upstreamCookieHeader(cfg: Config, req: Request): string | null {
  const prefix = cfg.cookies.name("oidc_");
  let ours = 0;
  for (let i = 0; i < req.cookies.length; i++) if (unchecked(req.cookies[i]).name.startsWith(prefix)) ours++;
  if (ours == 0) return null;
  const kept = new Array<string>();
  for (let i = 0; i < req.cookies.length; i++) {
    const c = unchecked(req.cookies[i]);
    if (!c.name.startsWith(prefix)) kept.push(c.name + "=" + c.value);
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
