// Where the browser may be sent after login or logout. Only a local path+query, or an absolute URL
// whose origin is explicitly allowed, ever reaches a Location header (security.md C.25-27;
// oauth2-proxy CVE-2020-5233, CVE-2020-11053, CVE-2020-4037, CVE-2021-21291).

import { parseAbsoluteUrl } from "../encoding/absurl";

/** Longest return path we keep; longer ones fall back to "/". */
const MAX_RETURN_PATH: i32 = 2048;

/**
 * A path+query that every browser resolves against our own origin: starts with one "/", never
 * "//" or "/\" (protocol-relative), no backslash, no control or whitespace characters (tab/CR/LF
 * tricks and header injection), no encoded slash or backslash, no scheme. Otherwise null.
 */
export function safeLocalPath(p: string): string | null {
  const len = p.length;
  if (len == 0 || len > MAX_RETURN_PATH) return null;
  if (p.charCodeAt(0) != 0x2f) return null;
  if (len > 1) {
    const second = p.charCodeAt(1);
    if (second == 0x2f || second == 0x5c) return null;
  }
  for (let i = 0; i < len; i++) {
    const c = p.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c == 0x5c) return null;
  }
  const lower = p.toLowerCase();
  if (lower.includes("%2f") || lower.includes("%5c") || lower.includes("%0d") || lower.includes("%0a") ||
    lower.includes("%09") || lower.includes("%00")) {
    // Encoded separators are harmless to most browsers but not to every intermediary; a return path
    // never needs them, so refusing costs nothing.
    return null;
  }
  return p;
}

/** A return target: a safe local path, or an absolute URL on an allow-listed origin; else null. */
export function allowedRedirect(target: string, allowedOrigins: Array<string>): string | null {
  const local = safeLocalPath(target);
  if (local !== null) return local;
  const u = parseAbsoluteUrl(target);
  if (u === null) return null;
  const origin = u.origin();
  for (let i = 0; i < allowedOrigins.length; i++) {
    if (unchecked(allowedOrigins[i]) == origin) {
      const path = safeLocalPath(u.pathAndQuery());
      return path === null ? null : origin + path;
    }
  }
  return null;
}
