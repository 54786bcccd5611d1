// Sessions opened recently, by the exact cookie text that carried them. A browser sends the same
// session cookie with every request until the filter replaces it, and opening it (base64url,
// XChaCha20-Poly1305, record decode: kilobytes of work and allocation) was the largest share of the
// filter's own work per request (bench/run.ts). A hit is what opening the same text with the same
// keys gave before, so callers still check expiry, idle time and refresh on every request. Only
// sessions that opened are kept. The root context owns one cache per VM; the core holds no state.

import { PurposeKeys } from "./seal";
import { Session } from "./session";

/** Entries per key set; the oldest is replaced first. A burst of one browser fits many times. */
export const CACHED_SESSIONS: i32 = 64;

class Entry {
  constructor(public print: u64, public text: string, public session: Session) {}
}

/**
 * A cheap fingerprint of a cookie text: its length and last 8 characters, which fall in the
 * AEAD tag (random-looking). Hashing the whole kilobytes-long text for a Map cost more than the
 * rest of the lookup; a fingerprint match is still confirmed by comparing the whole text.
 */
function fingerprint(text: string): u64 {
  const n = text.length;
  if (n < 8) return <u64>n;
  const p = changetype<usize>(text) + (<usize>(n - 8) << 1);
  return load<u64>(p) ^ rotl<u64>(load<u64>(p, 8), 17) ^ (<u64>n << 48);
}

export class SessionCache {
  private keys: PurposeKeys | null = null;
  private base: string = "";
  private entries: Array<Entry> = new Array<Entry>();
  private next: i32 = 0;

  /** The session cached for `text` under these keys and cookie name, or null. */
  get(keys: PurposeKeys, base: string, text: string): Session | null {
    if (this.keys !== keys || this.base != base) return null;
    const print = fingerprint(text);
    for (let i = 0; i < this.entries.length; i++) {
      const e = unchecked(this.entries[i]);
      if (e.print == print && e.text == text) return e.session;
    }
    return null;
  }

  put(keys: PurposeKeys, base: string, text: string, s: Session): void {
    if (this.keys !== keys || this.base != base) {
      // A new configuration (keys are rebuilt on every configure): nothing cached before applies.
      this.keys = keys;
      this.base = base;
      this.entries = new Array<Entry>();
      this.next = 0;
    }
    const e = new Entry(fingerprint(text), text, s);
    if (this.entries.length < CACHED_SESSIONS) {
      this.entries.push(e);
    } else {
      unchecked((this.entries[this.next] = e));
      this.next = (this.next + 1) % CACHED_SESSIONS;
    }
  }
}
