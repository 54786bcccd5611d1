// Cookie parsing (RFC 6265 §5.4, the Cookie header a user agent sends) and Set-Cookie serialization
// (RFC 6265 §4.1). Parsing never traps and refuses ambiguity instead of guessing: the caller treats
// a duplicate name of one of our cookies as "no session".

import { isSpace } from "util/string";

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
    let end = charIndex(header, 0x3b /* ; */, start, len);
    if (end < 0) end = len;
    const eq = charIndex(header, 0x3d /* = */, start, end);
    if (eq > start) {
      // Trimmed bounds first, one substring each: the session cookie is kilobytes, on every request.
      let ns = start;
      let ne = eq;
      while (ne > ns && isSpace(header.charCodeAt(ne - 1))) ne--;
      while (ns < ne && isSpace(header.charCodeAt(ns))) ns++;
      let vs = eq + 1;
      let ve = end;
      while (ve > vs && isSpace(header.charCodeAt(ve - 1))) ve--;
      while (vs < ve && isSpace(header.charCodeAt(vs))) vs++;
      // RFC 6265 §4.1.1: a cookie-value may be wrapped in DQUOTEs.
      if (ve - vs >= 2 && header.charCodeAt(vs) == 0x22 && header.charCodeAt(ve - 1) == 0x22) {
        vs++;
        ve--;
      }
      if (ne > ns) {
        if (into.length >= MAX_COOKIES) return false;
        into.push(new Cookie(header.substring(ns, ne), header.substring(vs, ve)));
      }
    }
    start = end + 1;
  }
  return true;
}

/**
 * Index of the first UTF-16 unit `c` in s[from, to), or -1. String#indexOf compares a whole string
 * at every position, which made it the largest cost of parsing a session cookie.
 */
export function charIndex(s: string, c: i32, from: i32, to: i32): i32 {
  const end = min(to, s.length);
  const p = changetype<usize>(s);
  let i = max(from, 0);
  // Four UTF-16 units per step: a unit equal to c becomes zero after the XOR, and the classic
  // "has a zero lane" test (Hacker's Delight §6.1) finds it without a branch per unit.
  const pattern = (<u64>(c & 0xffff)) * 0x0001_0001_0001_0001;
  for (; i + 4 <= end; i += 4) {
    const x = load<u64>(p + (<usize>i << 1)) ^ pattern;
    if (((x - 0x0001_0001_0001_0001) & ~x & 0x8000_8000_8000_8000) != 0) break;
  }
  // In bounds: 0 <= i < s.length.
  for (; i < end; i++) if (<i32>load<u16>(p + (<usize>i << 1)) == c) return i;
  return -1;
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
