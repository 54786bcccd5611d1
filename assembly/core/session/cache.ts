// Sessions opened recently, by the exact cookie text that carried them. A browser sends the same
// session cookie with every request until the filter replaces it, and opening it (base64url,
// XChaCha20-Poly1305, record decode: kilobytes of work and allocation) was the largest share of the
// filter's own work per request (bench/run.ts). A hit is what opening the same text with the same
// keys gave before, so callers still check expiry, idle time and refresh on every request. Only
// sessions that opened are kept. The root context owns one cache per VM; the core holds no state.

import { PurposeKeys } from "./seal";
import { Session } from "./session";

/** Entries per key set before the cache starts over: a burst of one browser fits many times. */
export const CACHED_SESSIONS: i32 = 64;

export class SessionCache {
  private keys: PurposeKeys | null = null;
  private base: string = "";
  private byText: Map<string, Session> = new Map<string, Session>();

  /** The session cached for `text` under these keys and cookie name, or null. */
  get(keys: PurposeKeys, base: string, text: string): Session | null {
    if (this.keys !== keys || this.base != base || !this.byText.has(text)) return null;
    return this.byText.get(text);
  }

  put(keys: PurposeKeys, base: string, text: string, s: Session): void {
    if (this.keys !== keys || this.base != base) {
      // A new configuration (keys are rebuilt on every configure): nothing cached before applies.
      this.keys = keys;
      this.base = base;
      this.byText.clear();
    }
    if (this.byText.size >= CACHED_SESSIONS) this.byText.clear();
    this.byText.set(text, s);
  }
}
