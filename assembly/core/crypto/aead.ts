// The cookie AEAD: AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) and its extended-nonce form
// AEAD_XChaCha20_Poly1305 (draft-irtf-cfrg-xchacha-03 §2), whose 192-bit nonce can be drawn at random for
// every seal without a realistic chance of repeating. Sealed output is ciphertext ‖ 16-byte tag; the nonce
// travels separately. Every entry point checks lengths and answers null rather than trapping, and `open`
// compares the tag in constant time before a single byte is decrypted, so a forged cookie releases nothing.

import {
  ChaChaState,
  CHACHA20_KEY_BYTES,
  CHACHA20_MAX_INPUT_BYTES,
  CHACHA20_NONCE_BYTES,
  HCHACHA20_NONCE_BYTES,
  HCHACHA20_SUBKEY_BYTES,
  hchacha20Into,
} from "./chacha20";
import { constantTimeEqual } from "./ct";
import { Poly1305, POLY1305_TAG_BYTES } from "./poly1305";

export { hchacha20 } from "./chacha20";

/** RFC 8439 §2.8: AEAD_CHACHA20_POLY1305 takes a 256-bit key. */
export const CHACHA20_POLY1305_KEY_BYTES: i32 = CHACHA20_KEY_BYTES;
/** RFC 8439 §2.8: and a 96-bit nonce. */
export const CHACHA20_POLY1305_NONCE_BYTES: i32 = CHACHA20_NONCE_BYTES;
/** draft-irtf-cfrg-xchacha-03 §2: AEAD_XChaCha20_Poly1305 takes a 256-bit key. */
export const XCHACHA_KEY_BYTES: i32 = 32;
/** draft-irtf-cfrg-xchacha-03 §2: and a 192-bit nonce (16 bytes to HChaCha20, 8 to ChaCha20). */
export const XCHACHA_NONCE_BYTES: i32 = 24;
/** RFC 8439 §2.8: the tag is the 128-bit Poly1305 output. */
export const AEAD_TAG_BYTES: i32 = POLY1305_TAG_BYTES;
/**
 * Largest plaintext we seal or open (16 MiB). RFC 8439 §2.8 allows up to 2^38 - 64 bytes; a cookie is a few
 * KB, and this cap bounds the output allocation so no input length can exhaust linear memory.
 */
export const AEAD_MAX_PLAINTEXT_BYTES: i32 = CHACHA20_MAX_INPUT_BYTES;

/** draft-irtf-cfrg-xchacha-03 §2.3: ChaCha20's nonce is 4 zero bytes ‖ the last 8 bytes of the XChaCha nonce. */
const XCHACHA_NONCE_PREFIX_BYTES: usize = 4;

/**
 * RFC 8439 §2.8: Poly1305 over aad ‖ pad16 ‖ ciphertext ‖ pad16 ‖ le64(len aad) ‖ le64(len ciphertext),
 * writing the tag at `tagOut`.
 */
function authenticate(mac: Poly1305, aad: Uint8Array, ciphertext: usize, length: usize, tagOut: usize): void {
  mac.update(aad.dataStart, <usize>aad.length);
  mac.padToBlock();
  mac.update(ciphertext, length);
  mac.padToBlock();
  const lengths = new StaticArray<u8>(16);
  const p = changetype<usize>(lengths);
  store<u64>(p, <u64>aad.length, 0);
  store<u64>(p, <u64>length, 8);
  mac.update(p, 16);
  mac.finish(tagOut);
}

/** The RFC 8439 §2.8 seal under a 32-byte key and 12-byte nonce at pointers the caller has checked. */
function sealChecked(keyPtr: usize, noncePtr: usize, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const length = <usize>plaintext.length;
  const sealed = new Uint8Array(plaintext.length + AEAD_TAG_BYTES);
  const cipher = new ChaChaState(keyPtr, 0, noncePtr);
  // §2.6: the one-time Poly1305 key is the first 32 bytes of block 0; encryption continues from block 1.
  const mac = new Poly1305(cipher.nextBlock());
  cipher.xor(plaintext.dataStart, sealed.dataStart, length);
  authenticate(mac, aad, sealed.dataStart, length, sealed.dataStart + length);
  cipher.wipe();
  return sealed;
}

/** The RFC 8439 §2.8 open: verify the tag, and only then decrypt. Null on any mismatch. */
function openChecked(keyPtr: usize, noncePtr: usize, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (sealed.length < AEAD_TAG_BYTES) return null;
  const length = sealed.length - AEAD_TAG_BYTES;
  if (length > AEAD_MAX_PLAINTEXT_BYTES) return null;
  const cipher = new ChaChaState(keyPtr, 0, noncePtr);
  const mac = new Poly1305(cipher.nextBlock());
  const expected = new Uint8Array(AEAD_TAG_BYTES);
  authenticate(mac, aad, sealed.dataStart, <usize>length, expected.dataStart);
  // Constant time, and before any decryption: a wrong tag reveals neither where it differs nor plaintext.
  if (!constantTimeEqual(expected, sealed.subarray(length))) {
    cipher.wipe();
    return null;
  }
  const plaintext = new Uint8Array(length);
  cipher.xor(sealed.dataStart, plaintext.dataStart, <usize>length);
  cipher.wipe();
  return plaintext;
}

/**
 * AEAD_CHACHA20_POLY1305 encryption (RFC 8439 §2.8): ciphertext ‖ tag. Null unless the key is 32 bytes
 * and the nonce 12, or when the plaintext exceeds AEAD_MAX_PLAINTEXT_BYTES.
 */
export function chacha20Poly1305Seal(key: Uint8Array, nonce12: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (key.length != CHACHA20_POLY1305_KEY_BYTES || nonce12.length != CHACHA20_POLY1305_NONCE_BYTES) return null;
  if (plaintext.length > AEAD_MAX_PLAINTEXT_BYTES) return null;
  return sealChecked(key.dataStart, nonce12.dataStart, plaintext, aad);
}

/**
 * AEAD_CHACHA20_POLY1305 decryption (RFC 8439 §2.8): the plaintext, or null when the tag does not verify,
 * the input is shorter than a tag, or the key or nonce has the wrong length.
 */
export function chacha20Poly1305Open(key: Uint8Array, nonce12: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (key.length != CHACHA20_POLY1305_KEY_BYTES || nonce12.length != CHACHA20_POLY1305_NONCE_BYTES) return null;
  return openChecked(key.dataStart, nonce12.dataStart, sealed, aad);
}

/**
 * draft-irtf-cfrg-xchacha-03 §2.3: the ChaCha20 key and nonce for an XChaCha nonce — 32 bytes of
 * HChaCha20(key, nonce[0..16]) followed by 4 zero bytes ‖ nonce[16..24]. Both lengths checked by the caller.
 */
function deriveSubkeyAndNonce(key: Uint8Array, nonce24: Uint8Array): StaticArray<u8> {
  const derived = new StaticArray<u8>(HCHACHA20_SUBKEY_BYTES + CHACHA20_NONCE_BYTES);
  const p = changetype<usize>(derived);
  hchacha20Into(key.dataStart, nonce24.dataStart, p);
  const noncePtr = p + <usize>HCHACHA20_SUBKEY_BYTES;
  store<u32>(noncePtr, 0);
  memory.copy(noncePtr + XCHACHA_NONCE_PREFIX_BYTES, nonce24.dataStart + <usize>HCHACHA20_NONCE_BYTES, 8);
  return derived;
}

/**
 * AEAD_XChaCha20_Poly1305 encryption (draft-irtf-cfrg-xchacha-03 §2): ciphertext ‖ tag. Null unless the
 * key is 32 bytes and the nonce 24, or when the plaintext exceeds AEAD_MAX_PLAINTEXT_BYTES.
 */
export function xchacha20Poly1305Seal(key32: Uint8Array, nonce24: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (key32.length != XCHACHA_KEY_BYTES || nonce24.length != XCHACHA_NONCE_BYTES) return null;
  if (plaintext.length > AEAD_MAX_PLAINTEXT_BYTES) return null;
  const derived = deriveSubkeyAndNonce(key32, nonce24);
  const p = changetype<usize>(derived);
  const sealed = sealChecked(p, p + <usize>HCHACHA20_SUBKEY_BYTES, plaintext, aad);
  memory.fill(p, 0, <usize>derived.length);
  return sealed;
}

/**
 * AEAD_XChaCha20_Poly1305 decryption (draft-irtf-cfrg-xchacha-03 §2): the plaintext, or null when the tag
 * does not verify, the input is shorter than a tag, or the key or nonce has the wrong length.
 */
export function xchacha20Poly1305Open(key32: Uint8Array, nonce24: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (key32.length != XCHACHA_KEY_BYTES || nonce24.length != XCHACHA_NONCE_BYTES) return null;
  if (sealed.length < AEAD_TAG_BYTES) return null;
  const derived = deriveSubkeyAndNonce(key32, nonce24);
  const p = changetype<usize>(derived);
  const plaintext = openChecked(p, p + <usize>HCHACHA20_SUBKEY_BYTES, sealed, aad);
  memory.fill(p, 0, <usize>derived.length);
  return plaintext;
}
