// Fixed exponentiations modulo p = 2^255 - 19 by addition chains: z^(2^252 - 3) for the square root
// in point decoding (RFC 8032 §5.1.3) and z^(p - 2) = z^-1 (Fermat). Both share the chain up to
// z^(2^250 - 1), built from runs of squarings of z^(2^k - 1).
import { f25519Mul, f25519Sqr } from "./f25519";

const FE: usize = 32;

/** o = a^(2^k) (k squarings); o may alias a. */
function sqrTimes(o: usize, a: usize, k: i32): void {
  f25519Sqr(o, a);
  for (let i = 1; i < k; i++) f25519Sqr(o, o);
}

/**
 * Writes z^(2^250 - 1) to o and z^11 to z11. `work` holds 3 field elements; o, z11 and z must not
 * overlap it.
 */
function pow2250m1(o: usize, z11: usize, z: usize, work: usize): void {
  const a = work, b = work + FE, c = work + 2 * FE;
  f25519Sqr(a, z); // z^2
  sqrTimes(b, a, 2); // z^8
  f25519Mul(b, b, z); // z^9
  f25519Mul(z11, a, b); // z^11
  f25519Sqr(a, z11); // z^22
  f25519Mul(a, a, b); // z^31 = z^(2^5 - 1)
  sqrTimes(b, a, 5);
  f25519Mul(a, b, a); // 2^10 - 1
  sqrTimes(b, a, 10);
  f25519Mul(b, b, a); // 2^20 - 1
  sqrTimes(c, b, 20);
  f25519Mul(c, c, b); // 2^40 - 1
  sqrTimes(c, c, 10);
  f25519Mul(a, c, a); // 2^50 - 1
  sqrTimes(b, a, 50);
  f25519Mul(b, b, a); // 2^100 - 1
  sqrTimes(c, b, 100);
  f25519Mul(c, c, b); // 2^200 - 1
  sqrTimes(c, c, 50);
  f25519Mul(o, c, a); // 2^250 - 1
}

/** o = z^(2^252 - 3) = z^((p - 5) / 8). `work` holds 5 field elements; o may alias z. */
export function f25519PowP58(o: usize, z: usize, work: usize): void {
  const t = work + 3 * FE, z11 = work + 4 * FE;
  pow2250m1(t, z11, z, work);
  sqrTimes(t, t, 2); // 2^252 - 4
  f25519Mul(o, t, z); // 2^252 - 3
}

/** o = z^-1 = z^(p - 2) = z^(2^255 - 21); zero maps to zero. `work` holds 5 field elements. */
export function f25519Invert(o: usize, z: usize, work: usize): void {
  const t = work + 3 * FE, z11 = work + 4 * FE;
  pow2250m1(t, z11, z, work);
  sqrTimes(t, t, 5); // 2^255 - 32
  f25519Mul(o, t, z11); // 2^255 - 21
}
