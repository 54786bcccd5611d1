// HKDF (RFC 5869): derives purpose-bound keys (session cookie, state cookie) from the operator's
// cookie secret, so a state cookie can never be replayed as a session cookie.
import { HashAlg, hashLength } from "./sha2";
import { Hmac, hmac } from "./hmac";

/** RFC 5869 §2.3: at most 255 blocks of output. */
const MAX_BLOCKS: i32 = 255;

/** HKDF-Extract (RFC 5869 §2.2). An empty salt means HashLen zero bytes. */
export function hkdfExtract(alg: HashAlg, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  const s = salt.length == 0 ? new Uint8Array(hashLength(alg)) : salt;
  return hmac(alg, s, ikm);
}

/**
 * HKDF-Expand (RFC 5869 §2.3): `length` bytes of output keying material, or null when length is
 * negative or above 255 * HashLen, or when prk is shorter than HashLen (§2.3 requires at least
 * HashLen bytes; a shorter one means the caller skipped Extract on a weak key).
 */
export function hkdfExpand(alg: HashAlg, prk: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  const hashLen = hashLength(alg);
  if (length < 0 || length > MAX_BLOCKS * hashLen) return null;
  if (prk.length < hashLen) return null;
  const okm = new Uint8Array(length);
  const key = new Hmac(alg, prk);
  const counter = new Uint8Array(1);
  let previous = new Uint8Array(0);
  let filled = 0;
  for (let i = 1; filled < length; i++) {
    // T(i) = HMAC-Hash(PRK, T(i-1) | info | i)
    const run = key.start();
    run.update(previous);
    run.update(info);
    counter[0] = <u8>i;
    run.update(counter);
    previous = run.digest();
    const take = min(hashLen, length - filled);
    memory.copy(okm.dataStart + <usize>filled, previous.dataStart, <usize>take);
    filled += take;
  }
  return okm;
}

/** HKDF (RFC 5869 §2): Extract then Expand. Null when length is out of range. */
export function hkdf(alg: HashAlg, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  const hashLen = hashLength(alg);
  if (length < 0 || length > MAX_BLOCKS * hashLen) return null;
  return hkdfExpand(alg, hkdfExtract(alg, salt, ikm), info, length);
}
