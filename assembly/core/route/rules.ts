// Which paths need authentication. A rule is an exact path or a segment-aware prefix ("/app" covers
// "/app" and "/app/x", never "/apple"). The mode says whether matching paths need auth
// ("auth_if_matched") or skip it ("bypass_if_matched"). Ambiguous paths fail closed: they always
// need auth, whatever the mode (security.md E.36-38; Istio CVE-2021-31920, Envoy CVE-2021-29492).

import { joinStrings } from "../encoding/join";

export enum MatchMode { AuthIfMatched, BypassIfMatched }
export enum RuleType { Exact, Prefix }

export class PathRule {
  /** The path lower-cased once, for the case-insensitive matching of auth_if_matched. */
  readonly lower: string;
  constructor(public path: string, public type: RuleType) {
    this.lower = path.toLowerCase();
  }
}

export class PathRules {
  constructor(public mode: MatchMode, public rules: Array<PathRule>) {}

  /** True when a request for `rawPath` (the :path without query) must be authenticated. */
  needsAuth(rawPath: string): bool {
    const path = canonicalPath(rawPath);
    if (path === null) return true;
    if (this.mode == MatchMode.AuthIfMatched) {
      // Protect generously: a case-insensitive backend must not serve "/Admin" for "/admin".
      return this.anyMatch(path.toLowerCase(), true);
    }
    // Bypass sparingly: only the exact spelling the operator wrote.
    return !this.anyMatch(path, false);
  }

  private anyMatch(path: string, lowerRules: bool): bool {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = unchecked(this.rules[i]);
      const want = lowerRules ? rule.lower : rule.path;
      if (rule.type == RuleType.Exact ? path == want : prefixMatches(path, want)) return true;
    }
    return false;
  }
}

/** Segment-aware prefix: "/app" matches "/app" and "/app/…"; "/app/" matches "/app/…" only. */
export function prefixMatches(path: string, prefix: string): bool {
  if (prefix.length == 0) return false;
  if (!path.startsWith(prefix)) return false;
  if (path.length == prefix.length) return true;
  if (prefix.charCodeAt(prefix.length - 1) == 0x2f) return true;
  return path.charCodeAt(prefix.length) == 0x2f;
}

function isUnreservedByte(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c == 0x2d || c == 0x2e || c == 0x5f || c == 0x7e;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * The path as the backend is likely to see it, for matching: escapes of unreserved characters
 * decoded (RFC 3986 §6.2.2.2, "/%61dmin" is "/admin"). Null when the path is ambiguous: not
 * absolute, a bad escape, an encoded "/", "\", NUL, "?" or "#", a backslash, ";" path parameters, an empty
 * segment ("//") or a dot segment. Servers disagree on those, so none of them may bypass auth.
 */
export function canonicalPath(raw: string): string | null {
  const len = raw.length;
  if (len == 0 || raw.charCodeAt(0) != 0x2f) return null;
  // Most paths carry no escape at all: then the path is its own canonical form.
  if (raw.indexOf("%") < 0) {
    for (let i = 0; i < len; i++) {
      const c = raw.charCodeAt(i);
      if (c == 0x5c || c == 0x3b || c < 0x21 || c > 0x7e || c == 0x23 || c == 0x3f) return null;
    }
    return unambiguousSegments(raw) ? raw : null;
  }
  const out = new Array<string>();
  let plainStart = 0;
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i);
    if (c == 0x5c || c == 0x3b || c < 0x21 || c > 0x7e || c == 0x23 || c == 0x3f) return null;
    if (c != 0x25) continue;
    if (i + 2 >= len) return null;
    const hi = hexDigit(raw.charCodeAt(i + 1));
    const lo = hexDigit(raw.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) return null;
    const b = (hi << 4) | lo;
    out.push(raw.substring(plainStart, i));
    if (isUnreservedByte(b)) {
      out.push(String.fromCharCode(b));
    } else if (b == 0x2f || b == 0x5c || b == 0x00 || b == 0x3b || b == 0x25 || b == 0x3f || b == 0x23) {
      return null;
    } else {
      out.push(raw.substring(i, i + 3).toUpperCase());
    }
    i += 2;
    plainStart = i + 1;
  }
  out.push(raw.substring(plainStart));
  const path = joinStrings(out, "");
  return unambiguousSegments(path) ? path : null;
}

/**
 * False for an empty segment ("//") or a dot segment ("/./", "/../", a trailing "/." or "/..").
 * Servers resolve those differently; Envoy's normalize_path removes dot segments before us, so here
 * they only come from raw mode.
 */
function unambiguousSegments(path: string): bool {
  const len = path.length;
  let start = 1;
  for (let i = 1; i <= len; i++) {
    if (i < len && path.charCodeAt(i) != 0x2f) continue;
    const n = i - start;
    if (n == 0 && i < len) return false;
    if (n == 1 && path.charCodeAt(start) == 0x2e) return false;
    if (n == 2 && path.charCodeAt(start) == 0x2e && path.charCodeAt(start + 1) == 0x2e) return false;
    start = i + 1;
  }
  return true;
}
