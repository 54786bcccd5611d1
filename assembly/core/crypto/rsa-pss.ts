// RSASSA-PSS signature verification (RFC 8017 §8.1.2 with EMSA-PSS-VERIFY, §9.1.2), MGF1 with the
// same hash as the message (§B.2.1), as used by JWS PS256/384/512 (RFC 7518 §3.5, where the salt is
// as long as the hash).
import { HashAlg, hashLength, hashWith } from "./sha2";
import { constantTimeEqual } from "./ct";
import { RsaPublicKey } from "./rsa-key";

/** EMSA-PSS trailer field (RFC 8017 §9.1.1 step 12). */
const PSS_TRAILER: u8 = 0xbc;
/** M' starts with eight zero bytes (RFC 8017 §9.1.1 step 5). */
const PSS_ZERO_PREFIX_LENGTH: i32 = 8;
/** DB = PS ‖ 0x01 ‖ salt (RFC 8017 §9.1.1 step 8). */
const PSS_SEPARATOR: u8 = 0x01;

/**
 * dst[i] ^= MGF1(seed, len)[i] for i < len (RFC 8017 §B.2.1): the mask is the concatenation of
 * Hash(seed ‖ C) for a 32-bit big-endian counter C = 0, 1, …, applied as it is produced.
 */
function xorMgf1(alg: HashAlg, seed: Uint8Array, dst: Uint8Array, len: i32): void {
  const hLen = hashLength(alg);
  const input = new Uint8Array(seed.length + 4);
  memory.copy(input.dataStart, seed.dataStart, <usize>seed.length);
  const counterAt = seed.length;
  let done = 0;
  for (let counter: u32 = 0; done < len; counter++) {
    unchecked((input[counterAt] = <u8>(counter >> 24)));
    unchecked((input[counterAt + 1] = <u8>(counter >> 16)));
    unchecked((input[counterAt + 2] = <u8>(counter >> 8)));
    unchecked((input[counterAt + 3] = <u8>counter));
    const block = hashWith(alg, input);
    const take = min(hLen, len - done);
    for (let i = 0; i < take; i++) unchecked((dst[done + i] ^= block[i]));
    done += take;
  }
}

/**
 * EMSA-PSS-VERIFY (RFC 8017 §9.1.2) of an encoded message of emLen = ⌈emBits/8⌉ bytes against
 * mHash, with a salt of exactly sLen bytes.
 */
export function emsaPssVerify(alg: HashAlg, mHash: Uint8Array, em: Uint8Array, emBits: i32, sLen: i32): bool {
  const hLen = hashLength(alg);
  const emLen = em.length;
  if (sLen < 0 || emBits < 1 || emLen != (emBits + 7) >> 3) return false;
  if (mHash.length != hLen) return false;
  // Step 3, written so that a huge sLen cannot overflow.
  if (emLen < hLen + 2 || sLen > emLen - hLen - 2) return false;
  // Step 4: the trailer.
  if (unchecked(em[emLen - 1]) != PSS_TRAILER) return false;
  // Step 5: maskedDB ‖ H.
  const dbLen = emLen - hLen - 1;
  const h = em.slice(dbLen, dbLen + hLen);
  // Step 6: the 8·emLen − emBits bits above emBits in the first octet must be zero. That count is
  // (8 − emBits mod 8) mod 8 because emLen = ⌈emBits/8⌉, and this form cannot overflow.
  const topMask = <u8>(<u32>0xff >> <u32>((8 - (emBits & 7)) & 7));
  if ((unchecked(em[0]) & ~topMask) != 0) return false;
  // Steps 7–9: DB = maskedDB ⊕ MGF1(H), top bits cleared.
  const db = em.slice(0, dbLen);
  xorMgf1(alg, h, db, dbLen);
  unchecked((db[0] &= topMask));
  // Step 10: PS is all zero, then the 0x01 separator.
  const psLen = dbLen - sLen - 1;
  let nonzero: u32 = 0;
  for (let i = 0; i < psLen; i++) nonzero |= unchecked(db[i]);
  if (nonzero != 0 || unchecked(db[psLen]) != PSS_SEPARATOR) return false;
  // Steps 11–13: H' = Hash(0x00×8 ‖ mHash ‖ salt).
  const mPrime = new Uint8Array(PSS_ZERO_PREFIX_LENGTH + hLen + sLen);
  memory.copy(mPrime.dataStart + PSS_ZERO_PREFIX_LENGTH, mHash.dataStart, <usize>hLen);
  memory.copy(mPrime.dataStart + <usize>(PSS_ZERO_PREFIX_LENGTH + hLen), db.dataStart + <usize>(dbLen - sLen), <usize>sLen);
  // Step 14.
  return constantTimeEqual(hashWith(alg, mPrime), h);
}

/**
 * RSASSA-PSS-VERIFY (RFC 8017 §8.1.2): true only when `signature` is exactly the key's length, below
 * n, and s^e mod n is a PSS encoding of hash(message) with a salt of saltLength bytes. JOSE PS*
 * uses saltLength = hash length. False on any other input, negative saltLength included.
 */
export function rsaVerifyPss(
  key: RsaPublicKey, alg: HashAlg, message: Uint8Array, signature: Uint8Array, saltLength: i32,
): bool {
  if (saltLength < 0 || signature.length != key.byteLength) return false;
  const recovered = key.publicOperation(signature);
  if (recovered === null) return false;
  // Step 2c: EM = I2OSP(m, emLen) with emBits = modBits − 1. When modBits ≡ 1 (mod 8) emLen is one
  // byte shorter than k and that leading byte of m must be zero ("integer too large" otherwise).
  const emBits = key.bits - 1;
  const emLen = (emBits + 7) >> 3;
  const extra = recovered.length - emLen;
  for (let i = 0; i < extra; i++) if (unchecked(recovered[i]) != 0) return false;
  const em = extra == 0 ? recovered : recovered.slice(extra);
  return emsaPssVerify(alg, hashWith(alg, message), em, emBits, saltLength);
}
