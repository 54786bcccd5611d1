// Cookie parsing (RFC 6265 §5.4, the Cookie header a user agent sends) and Set-Cookie serialization
// (RFC 6265 §4.1). Parsing never traps and refuses ambiguity instead of guessing: the caller treats
// a duplicate name of one of our cookies as "no session".

export class Cookie {
  constructor(public name: string, public value: string) {}
}

/**
 * Upper bound on cookies in one request. Envoy's 60 KB header limit already bounds the work; past
 * this count the request is refused outright (431), because a cookie we did not look at could be
 * one of ours that must not reach the backend (security.md G.52, F.47).
 */
export const MAX_COOKIES: i32 = 4096;

/**
 * Splits one Cookie header into name/value pairs. Pairs without "=" are skipped (browsers send
 * them for nameless cookies); surrounding whitespace is trimmed. False when there are too many.
 */
export function parseCookieHeader(header: string, into: Array<Cookie>): bool {
  let start = 0;
  const len = header.length;
  while (start < len) {
    let end = header.indexOf(";", start);
    if (end < 0) end = len;
    const eq = header.indexOf("=", start);
    if (eq > start && eq < end) {
      const name = header.substring(start, eq).trim();
      let value = header.substring(eq + 1, end).trim();
      // RFC 6265 §4.1.1: a cookie-value may be wrapped in DQUOTEs.
      if (value.length >= 2 && value.charCodeAt(0) == 0x22 && value.charCodeAt(value.length - 1) == 0x22) {
        value = value.substring(1, value.length - 1);
      }
      if (name.length > 0) {
        if (into.length >= MAX_COOKIES) return false;
        into.push(new Cookie(name, value));
      }
    }
    start = end + 1;
  }
  return true;
}

/** Number of cookies named exactly `name`. */
export function countCookie(cookies: Array<Cookie>, name: string): i32 {
  let n = 0;
  for (let i = 0; i < cookies.length; i++) if (unchecked(cookies[i]).name == name) n++;
  return n;
}

/** The value of the only cookie named `name`; null when absent or present more than once. */
export function uniqueCookie(cookies: Array<Cookie>, name: string): string | null {
  let found: string | null = null;
  for (let i = 0; i < cookies.length; i++) {
    const c = unchecked(cookies[i]);
    if (c.name == name) {
      if (found !== null) return null;
      found = c.value;
    }
  }
  return found;
}

/** Attributes shared by every cookie the filter sets. */
export class CookiePolicy {
  constructor(
    /** `Secure` and the `__Host-` prefix (RFC 6265bis §4.1.3.2) apply only over https. */
    public secure: bool,
  ) {}

  /** Prefixes a base name with `__Host-` when secure, so it cannot be planted by a subdomain. */
  name(base: string): string {
    return this.secure ? "__Host-" + base : base;
  }

  /**
   * Set-Cookie value for `name=value`. `maxAgeSeconds` < 0 makes a browser-session cookie. Always
   * HttpOnly, Path=/, no Domain (host-only), SameSite=Lax: Strict would drop the cookie on the
   * cross-site redirect back from the IdP.
   */
  set(name: string, value: string, maxAgeSeconds: i64): string {
    let s = name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
    if (maxAgeSeconds >= 0) s += "; Max-Age=" + maxAgeSeconds.toString();
    if (this.secure) s += "; Secure";
    return s;
  }

  /** Set-Cookie value that deletes `name` (Max-Age=0, RFC 6265 §5.2.2). */
  clear(name: string): string {
    return this.set(name, "", 0);
  }
}
