// Sealed cookie values: XChaCha20-Poly1305 (192-bit random nonces, so random nonces never collide
// in practice; constant-time in software) under keys derived from the cookie secret with HKDF
// (RFC 5869), one key per purpose. The purpose is also the AAD, so a state cookie can never be
// opened as a session cookie (security.md D.30). Old secrets stay usable for opening (rotation).

import { HashAlg } from "../crypto/sha2";
import { hkdf } from "../crypto/hkdf";
import { xchacha20Poly1305Open, xchacha20Poly1305Seal, XCHACHA_NONCE_BYTES, AEAD_TAG_BYTES } from "../crypto/aead";
import { base64UrlDecode, base64UrlEncode } from "../encoding/base64";
import { utf8Encode } from "../encoding/utf8";
import { Entropy } from "../entropy";

/** Format version, first byte of every sealed value; a new format gets a new number. */
const SEAL_VERSION: u8 = 1;
const HKDF_SALT = "envoy-oidc-sso cookie keys v1";

export enum Purpose { Session, LoginState }

function purposeLabel(p: Purpose): string {
  return p == Purpose.Session ? "session" : "login-state";
}

/** The keys of one purpose: the current one seals, every one opens. */
export class PurposeKeys {
  constructor(public readonly purpose: Purpose, public readonly keys: Array<Uint8Array>) {}
}

/** Derives per-purpose keys from the current secret and any previous ones (rotation). */
export class CookieKeys {
  session: PurposeKeys;
  loginState: PurposeKeys;

  constructor(secrets: Array<Uint8Array>) {
    this.session = new PurposeKeys(Purpose.Session, deriveAll(secrets, Purpose.Session));
    this.loginState = new PurposeKeys(Purpose.LoginState, deriveAll(secrets, Purpose.LoginState));
  }
}

function deriveAll(secrets: Array<Uint8Array>, p: Purpose): Array<Uint8Array> {
  const out = new Array<Uint8Array>();
  const salt = utf8Encode(HKDF_SALT);
  const info = utf8Encode(purposeLabel(p));
  for (let i = 0; i < secrets.length; i++) {
    const k = hkdf(HashAlg.SHA256, unchecked(secrets[i]), salt, info, 32);
    if (k !== null) out.push(k);
  }
  return out;
}

function aadFor(p: Purpose, context: string): Uint8Array {
  return utf8Encode(purposeLabel(p) + "\n" + context);
}

/**
 * Seals `plaintext` for `purpose`, bound to `context` (e.g. the cookie's name), as a base64url
 * string: version ‖ nonce ‖ ciphertext ‖ tag. Null when randomness or the key is missing.
 */
export function seal(keys: PurposeKeys, context: string, plaintext: Uint8Array, entropy: Entropy): string | null {
  if (keys.keys.length == 0) return null;
  const nonce = entropy.bytes(XCHACHA_NONCE_BYTES);
  if (nonce === null) return null;
  const sealed = xchacha20Poly1305Seal(unchecked(keys.keys[0]), nonce, plaintext, aadFor(keys.purpose, context));
  if (sealed === null) return null;
  const out = new Uint8Array(1 + nonce.length + sealed.length);
  unchecked((out[0] = SEAL_VERSION));
  out.set(changetype<Uint8Array>(nonce), 1);
  out.set(changetype<Uint8Array>(sealed), 1 + XCHACHA_NONCE_BYTES);
  return base64UrlEncode(out);
}

/** A value opened by `openIndexed`, and which key opened it (0 = the current secret). */
export class Opened {
  constructor(public plain: Uint8Array, public keyIndex: i32) {}
}

/** Opens a sealed value with any of the purpose's keys; null for anything not sealed by us. */
export function open(keys: PurposeKeys, context: string, value: string): Uint8Array | null {
  const o = openIndexed(keys, context, value);
  return o === null ? null : o.plain;
}

/** Like open, also telling which key opened it, so old-secret sessions can be re-sealed. */
export function openIndexed(keys: PurposeKeys, context: string, value: string): Opened | null {
  const raw = base64UrlDecode(value);
  if (raw === null || raw.length < 1 + XCHACHA_NONCE_BYTES + AEAD_TAG_BYTES) return null;
  if (unchecked(raw[0]) != SEAL_VERSION) return null;
  const nonce = raw.subarray(1, 1 + XCHACHA_NONCE_BYTES);
  const body = raw.subarray(1 + XCHACHA_NONCE_BYTES);
  const aad = aadFor(keys.purpose, context);
  for (let i = 0; i < keys.keys.length; i++) {
    const plain = xchacha20Poly1305Open(unchecked(keys.keys[i]), nonce, body, aad);
    if (plain !== null) return new Opened(plain, i);
  }
  return null;
}
