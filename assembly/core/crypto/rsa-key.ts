// RSA public keys (RFC 8017 §3.1) as they arrive in a JWKS: modulus n and exponent e as big-endian
// unsigned bytes (RFC 7518 §6.3.1). Only keys a verifier should trust are constructed; anything else
// is null, never a trap.
import { base64UrlDecode } from "../encoding/base64";
import { Montgomery } from "./bignum/montgomery";
import { bitLengthOfBytes } from "./bignum/limbs";

/** Smallest modulus accepted: RFC 7518 §3.3 requires 2048 bits for RS*, §3.5 for PS*. */
export const RSA_MIN_MODULUS_BITS: i32 = 2048;
/** Largest modulus accepted; bounds the work a hostile JWKS can cause per verification. */
export const RSA_MAX_MODULUS_BITS: i32 = 4096;

export class RsaPublicKey {
  /** Exact bit length of the modulus. */
  readonly bits: i32;
  /** Length in bytes of the modulus and of every signature (k in RFC 8017). */
  readonly byteLength: i32;
  /** The public exponent: odd, 3 ≤ e < 2^32. */
  readonly exponent: u32;
  private readonly modulus: Montgomery;

  private constructor(modulus: Montgomery, exponent: u32) {
    this.modulus = modulus;
    this.bits = modulus.bits;
    this.byteLength = modulus.byteLength;
    this.exponent = exponent;
  }

  /**
   * A key from big-endian n and e (leading zero bytes allowed in both), or null when n is not an
   * odd number of 2048..4096 bits or e is not an odd number with 3 ≤ e < 2^32. e = 1 would make
   * every signature its own encoded message; an even e is not coprime to λ(n).
   */
  static fromModulusExponent(n: Uint8Array, e: Uint8Array): RsaPublicKey | null {
    const bits = bitLengthOfBytes(n);
    if (bits < RSA_MIN_MODULUS_BITS || bits > RSA_MAX_MODULUS_BITS) return null;
    if ((unchecked(n[n.length - 1]) & 1) == 0) return null;
    const exponent = exponentValue(e);
    if (exponent < 3 || (exponent & 1) == 0) return null;
    // e < 2^32 ≤ 2^2047 < n, so e < n holds for every modulus accepted above.
    const modulus = Montgomery.create(n);
    if (modulus === null) return null;
    return new RsaPublicKey(modulus, <u32>exponent);
  }

  /** A key from the JWK members "n" and "e" (RFC 7518 §6.3.1), strictly base64url-decoded. */
  static fromJwk(n64: string, e64: string): RsaPublicKey | null {
    const n = base64UrlDecode(n64);
    const e = base64UrlDecode(e64);
    if (n === null || e === null) return null;
    return RsaPublicKey.fromModulusExponent(n, e);
  }

  /**
   * RSAVP1 (RFC 8017 §5.2.2) on a signature of exactly byteLength bytes: s^e mod n as byteLength
   * bytes, or null when the length differs or s ≥ n (§8.1.2 / §8.2.2 step 1 and 2b).
   */
  publicOperation(signature: Uint8Array): Uint8Array | null {
    if (signature.length != this.byteLength) return null;
    return this.modulus.powOdd(signature, this.exponent);
  }
}

// The exponent as a number, or 0 when it is zero, empty or needs more than 32 bits (values above
// 2^32 are refused, so a u64 with a sentinel is enough).
function exponentValue(e: Uint8Array): u64 {
  const bits = bitLengthOfBytes(e);
  if (bits == 0 || bits > 32) return 0;
  let v: u64 = 0;
  for (let i = 0; i < e.length; i++) v = (v << 8) | <u64>unchecked(e[i]);
  return v;
}
