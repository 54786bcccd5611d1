// Arithmetic modulo p = 2^255 - 19 (RFC 8032 §5.1) for the Ed25519 code: the shared field loops
// (field.ts) with this prime's reduction, under the names the Edwards code calls.
import { Field, Prime } from "./field";

/** p = 2^255 - 19 as little-endian u32 limbs. */
export const F25519_P = memory.data<u32>([
  0xffffffed, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff,
]);

export const F25519 = new Field(Prime.F25519, 8, F25519_P);

/** o = a * b mod p; o may alias a or b. */
// @ts-ignore: decorator
@inline export function f25519Mul(o: usize, a: usize, b: usize): void {
  F25519.mul(o, a, b);
}

/** o = a^2 mod p; o may alias a. */
// @ts-ignore: decorator
@inline export function f25519Sqr(o: usize, a: usize): void {
  F25519.sqr(o, a);
}

/** o = a + b mod p for a, b < p; o may alias a or b. */
// @ts-ignore: decorator
@inline export function f25519Add(o: usize, a: usize, b: usize): void {
  F25519.add(o, a, b);
}

/** o = a - b mod p for a, b < p; o may alias a or b. */
// @ts-ignore: decorator
@inline export function f25519Sub(o: usize, a: usize, b: usize): void {
  F25519.sub(o, a, b);
}
