// The per-flow login state: state, nonce, PKCE verifier and the page to return to, sealed into a
// cookie whose name carries a prefix of the state, so that several tabs can log in at once, each
// with its own cookie (Envoy #41902: with one shared cookie the last tab wins). Single use: the
// callback always clears it. At most 10 minutes old (security.md D.29).

import { RecordReader, RecordWriter } from "./codec";
import { open, seal, PurposeKeys } from "./seal";
import { Entropy } from "../entropy";

export const LOGIN_STATE_MAX_AGE_SECONDS: i64 = 600;
/** Characters of the state that name its cookie: 16 base64url chars, 96 bits, unguessable. */
const COOKIE_ID_CHARS: i32 = 16;
/** More parallel logins than this and we clear the old ones instead of piling up cookies. */
export const MAX_LOGIN_COOKIES: i32 = 8;
/**
 * At most this many login cookies are cleared by one answer: a reply with more than 1024 headers is
 * read by proxy-wasm as having none (no Location at all). Planted extras go away over later answers.
 */
export const MAX_CLEARED_LOGIN_COOKIES: i32 = 32;
const RECORD_VERSION: u8 = 1;

export class LoginState {
  constructor(
    public state: string,
    public nonce: string,
    public codeVerifier: string,
    /** Path and query to return to after login; re-validated when used. */
    public returnTo: string,
    /** Seconds since the epoch when the flow started. */
    public createdAt: i64,
  ) {}

  encode(): Uint8Array {
    return new RecordWriter().u8(RECORD_VERSION).str(this.state).str(this.nonce).str(this.codeVerifier)
      .str(this.returnTo).i64(this.createdAt).finish();
  }

  static decode(b: Uint8Array): LoginState | null {
    const r = new RecordReader(b);
    if (r.u8() != RECORD_VERSION) return null;
    const s = new LoginState(r.str(), r.str(), r.str(), r.str(), r.i64());
    return r.done() ? s : null;
  }
}

/** The cookie name for a flow: prefix + the first characters of its state. */
export function loginCookieName(prefix: string, state: string): string | null {
  if (state.length < COOKIE_ID_CHARS) return null;
  for (let i = 0; i < COOKIE_ID_CHARS; i++) {
    const c = state.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f;
    if (!ok) return null;
  }
  return prefix + state.substring(0, COOKIE_ID_CHARS);
}

export function sealLoginState(keys: PurposeKeys, cookieName: string, s: LoginState, entropy: Entropy): string | null {
  return seal(keys, cookieName, s.encode(), entropy);
}

/**
 * Opens a login-state cookie: null when it was not sealed by us for this cookie name, or is older
 * than 10 minutes, or claims to come from the future.
 */
export function openLoginState(keys: PurposeKeys, cookieName: string, value: string, nowS: i64, skewS: i64): LoginState | null {
  const plain = open(keys, cookieName, value);
  if (plain === null) return null;
  const s = LoginState.decode(plain);
  if (s === null) return null;
  if (s.createdAt > nowS + skewS || nowS - s.createdAt > LOGIN_STATE_MAX_AGE_SECONDS) return null;
  return s;
}
