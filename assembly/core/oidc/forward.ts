// Forwarding upstream: the verified ID token as a Bearer credential (RFC 6750 §2.1), optionally
// the access token, and the Cookie header without any of the filter's own cookies (security.md
// F.47: state, session chunks never reach the backend).

import { Config } from "../config/config";
import { Request, Header } from "../http/request";
import { Decision } from "../http/decision";
import { Session } from "../session/session";
import { charIndex } from "../encoding/cookie";
import { isSpace } from "util/string";
import { joinStrings } from "../encoding/join";

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
  // Walks the header by index instead of split(";") + trim(): that copied the whole session cookie
  // (kilobytes, on every request) a few times only to drop it, and compared strings at every index.
  const raw = req.rawCookieHeader;
  const len = raw.length;
  const kept = new Array<string>();
  let start = 0;
  while (start <= len) {
    let end = charIndex(raw, 0x3b /* ; */, start, len);
    if (end < 0) end = len;
    let s = start;
    let e = end;
    while (s < e && isSpace(raw.charCodeAt(s))) s++;
    while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;
    if (e > s && !namedWith(raw, s, e, prefix)) kept.push(raw.substring(s, e));
    start = end + 1;
  }
  return joinStrings(kept, "; ");
}

/** Whether the trimmed segment raw[s, e) is a cookie whose (trimmed, non-empty) name starts with `prefix`. */
function namedWith(raw: string, s: i32, e: i32, prefix: string): bool {
  const eq = charIndex(raw, 0x3d /* = */, s, e);
  if (eq < 0) return false;
  let nameEnd = eq;
  while (nameEnd > s && isSpace(raw.charCodeAt(nameEnd - 1))) nameEnd--;
  const n = prefix.length;
  if (nameEnd - s < n || nameEnd == s) return false;
  for (let i = 0; i < n; i++) if (raw.charCodeAt(s + i) != prefix.charCodeAt(i)) return false;
  return true;
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
