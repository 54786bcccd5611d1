// Refreshes of one session happen once per VM. A page that fires ten requests just after its
// refresh time would otherwise redeem the same refresh token ten times, and an IdP that rotates
// refresh tokens with reuse detection (RFC 9700 §4.14.2) would then revoke the whole grant. So:
// one call per refresh token; requests arriving meanwhile wait for it; for a minute afterwards,
// requests still carrying the old cookie reuse the answer instead of redeeming a spent token (or,
// after a failure, instead of trying again at once).

import { Continuation } from "../core/http/decision";
import { sha256 } from "../core/crypto/sha2";
import { base64UrlEncode } from "../core/encoding/base64";
import { utf8Encode } from "../core/encoding/utf8";

/** How long a refresh answer is reused for late requests with the old cookie. */
export const REUSE_MS: i64 = 60_000;
/** Bound on remembered refreshes, so a flood of distinct sessions cannot grow memory without limit. */
const MAX_ENTRIES: i32 = 1024;

export class Waiter {
  constructor(public streamId: u32, public cont: Continuation) {}
}

export class RefreshEntry {
  inFlight: bool = true;
  waiters: Array<Waiter> = new Array<Waiter>();
  status: i32 = 0;
  body: Uint8Array = new Uint8Array(0);
  doneAtMs: i64 = 0;
}

export class RefreshCoalescer {
  private entries: Map<string, RefreshEntry> = new Map<string, RefreshEntry>();

  /** The map key for a refresh token: its hash, so the table holds no token. */
  static keyOf(refreshToken: string): string {
    return base64UrlEncode(sha256(utf8Encode(refreshToken)));
  }

  /** A finished answer still reusable at `nowMs`, or null. */
  reusable(key: string, nowMs: i64): RefreshEntry | null {
    if (!this.entries.has(key)) return null;
    const e = this.entries.get(key);
    if (e.inFlight || nowMs - e.doneAtMs > REUSE_MS) return null;
    return e;
  }

  /** The entry of a refresh in flight for `key`, or null. */
  inFlight(key: string): RefreshEntry | null {
    if (!this.entries.has(key)) return null;
    const e = this.entries.get(key);
    return e.inFlight ? e : null;
  }

  begin(key: string, nowMs: i64): void {
    if (this.entries.size >= MAX_ENTRIES) this.prune(nowMs);
    this.entries.set(key, new RefreshEntry());
  }

  /** Records the answer; returns the requests that waited for it. */
  finish(key: string, status: i32, body: Uint8Array, nowMs: i64): Array<Waiter> {
    if (!this.entries.has(key)) return new Array<Waiter>();
    const e = this.entries.get(key);
    e.inFlight = false;
    e.status = status;
    e.body = body;
    e.doneAtMs = nowMs;
    const w = e.waiters;
    e.waiters = new Array<Waiter>();
    // Failures are kept for the reuse window too: during an IdP outage, requests that are due for a
    // refresh then go on with their still-valid token at once, instead of each waiting for a timeout.
    return w;
  }

  private prune(nowMs: i64): void {
    const keys = this.entries.keys();
    for (let i = 0; i < keys.length; i++) {
      const e = this.entries.get(unchecked(keys[i]));
      if (!e.inFlight && nowMs - e.doneAtMs > REUSE_MS) this.entries.delete(unchecked(keys[i]));
    }
    // Still full: drop everything finished; in-flight entries must stay for their waiters.
    if (this.entries.size >= MAX_ENTRIES) {
      const rest = this.entries.keys();
      for (let i = 0; i < rest.length; i++) if (!this.entries.get(unchecked(rest[i])).inFlight) this.entries.delete(unchecked(rest[i]));
    }
  }
}
