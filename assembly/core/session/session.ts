// The session: everything the filter needs to serve a logged-in user, sealed into a cookie that
// is split into numbered chunks when large (RFC 6265 §6.1: browsers guarantee 4096 bytes per
// cookie). Chunk 0 says how many chunks there are; a missing, reordered, stale or foreign chunk
// makes the concatenation fail authentication, which means "no session" (security.md D.34).

import { RecordReader, RecordWriter } from "./codec";
import { openIndexed, seal, PurposeKeys } from "./seal";
import { SessionCache } from "./cache";
import { Entropy } from "../entropy";
import { Cookie, CookiePolicy, uniqueCookie, charIndex } from "../encoding/cookie";
import { joinStrings } from "../encoding/join";

/** Characters of sealed data per cookie: with name and attributes, each Set-Cookie stays < 4000 bytes. */
export const CHUNK_CHARS: i32 = 3800;
/** Cap on chunks: 8 × 3800 ≈ 30 KB, under Envoy's 60 KB header limit with room for the app's cookies. */
export const MAX_CHUNKS: i32 = 8;
const RECORD_VERSION: u8 = 1;

export class Session {
  /** Seconds since the epoch. */
  createdAt: i64 = 0;
  /** Absolute end of the session; 0 = none (cookie_expire "0"). */
  expiresAt: i64 = 0;
  /** When to redeem the refresh token; 0 = never early. */
  refreshAt: i64 = 0;
  /** Last time the session was used (for the idle timeout; coarse, see flow). */
  lastSeen: i64 = 0;
  /** The ID token's exp: it is never forwarded after that. */
  idTokenExp: i64 = 0;
  /** The ID token's sub: a refreshed ID token must name the same user (OIDC Core §12.2). */
  subject: string = "";
  idToken: string = "";
  refreshToken: string = "";
  accessToken: string = "";
  /** Not stored: set by readSession when a previous cookie secret opened it (rotation). */
  sealedWithOldKey: bool = false;

  encode(): Uint8Array {
    return new RecordWriter().u8(RECORD_VERSION).i64(this.createdAt).i64(this.expiresAt).i64(this.refreshAt)
      .i64(this.lastSeen).i64(this.idTokenExp).str(this.subject).str(this.idToken).str(this.refreshToken).str(this.accessToken).finish();
  }

  /** An independent copy (the strings are immutable and shared). */
  copy(): Session {
    const c = new Session();
    c.createdAt = this.createdAt;
    c.expiresAt = this.expiresAt;
    c.refreshAt = this.refreshAt;
    c.lastSeen = this.lastSeen;
    c.idTokenExp = this.idTokenExp;
    c.subject = this.subject;
    c.idToken = this.idToken;
    c.refreshToken = this.refreshToken;
    c.accessToken = this.accessToken;
    c.sealedWithOldKey = this.sealedWithOldKey;
    return c;
  }

  static decode(b: Uint8Array): Session | null {
    const r = new RecordReader(b);
    if (r.u8() != RECORD_VERSION) return null;
    const s = new Session();
    s.createdAt = r.i64();
    s.expiresAt = r.i64();
    s.refreshAt = r.i64();
    s.lastSeen = r.i64();
    s.idTokenExp = r.i64();
    s.subject = r.str();
    s.idToken = r.str();
    s.refreshToken = r.str();
    s.accessToken = r.str();
    return r.done() ? s : null;
  }
}

export function chunkName(base: string, index: i32): string {
  return index == 0 ? base : base + "_" + index.toString();
}

/**
 * Reads and opens the session cookie chunks; null when absent or not exactly ours. With a cache,
 * a cookie text opened before is not opened again (see cache.ts); the caller gets its own copy.
 */
export function readSession(keys: PurposeKeys, base: string, cookies: Array<Cookie>, cache: SessionCache | null = null): Session | null {
  const first = uniqueCookie(cookies, base);
  if (first === null) return null;
  // The chunk count is one digit and a dot; only those two places are looked at (indexOf would
  // compare at every index of a kilobytes-long value before failing).
  if (charIndex(first, 0x2e /* . */, 0, 2) != 1) return null;
  const n = first.charCodeAt(0) - 0x30;
  if (n < 1 || n > MAX_CHUNKS) return null;
  const parts = new Array<string>(n);
  unchecked((parts[0] = first));
  for (let i = 1; i < n; i++) {
    const v = uniqueCookie(cookies, chunkName(base, i));
    if (v === null) return null;
    unchecked((parts[i] = v));
  }
  // Cookie values never hold ";" (it separates them), so this names the chunks unambiguously.
  const text = n == 1 ? first : joinStrings(parts, ";");
  if (cache !== null) {
    const hit = cache.get(keys, base, text);
    if (hit !== null) return hit.copy();
  }
  unchecked((parts[0] = first.substring(2)));
  const opened = openIndexed(keys, base, joinStrings(parts, ""));
  if (opened === null) return null;
  const s = Session.decode(opened.plain);
  if (s === null) return null;
  s.sealedWithOldKey = opened.keyIndex > 0;
  if (cache !== null) cache.put(keys, base, text, s);
  return s.copy();
}

/**
 * Set-Cookie values that store `s`, and clear chunks left over from a larger earlier session.
 * `maxAge` < 0 makes browser-session cookies. Null when sealing failed or the session is too big.
 */
export function writeSession(keys: PurposeKeys, policy: CookiePolicy, base: string, s: Session, maxAge: i64,
  existing: Array<Cookie>, entropy: Entropy): Array<string> | null {
  const sealed = seal(keys, base, s.encode(), entropy);
  if (sealed === null) return null;
  const n = (sealed.length + CHUNK_CHARS - 1) / CHUNK_CHARS;
  if (n > MAX_CHUNKS) return null;
  const out = new Array<string>();
  for (let i = 0; i < n; i++) {
    const part = sealed.substring(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
    out.push(policy.set(chunkName(base, i), i == 0 ? n.toString() + "." + part : part, maxAge));
  }
  for (let i = n; i < MAX_CHUNKS; i++) {
    const name = chunkName(base, i);
    if (hasCookie(existing, name)) out.push(policy.clear(name));
  }
  return out;
}

/** Set-Cookie values that delete every session chunk the browser sent, and chunk 0 always. */
export function clearSession(policy: CookiePolicy, base: string, existing: Array<Cookie>): Array<string> {
  const out = new Array<string>();
  out.push(policy.clear(base));
  for (let i = 1; i < MAX_CHUNKS; i++) {
    const name = chunkName(base, i);
    if (hasCookie(existing, name)) out.push(policy.clear(name));
  }
  return out;
}

function hasCookie(cookies: Array<Cookie>, name: string): bool {
  for (let i = 0; i < cookies.length; i++) if (unchecked(cookies[i]).name == name) return true;
  return false;
}
