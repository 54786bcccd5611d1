// Test-only module: RSA verification and the bignum behind it, exported for the differential tests
// (tests/host/crypto/rsa.test.ts) and the benchmark (bench/crypto/rsa.ts). Compiled by
// `npm run build -- testing` with -O3, i.e. the code Envoy runs, not a debug build.
//
// Keys are kept in a table and named by index, because building a key (R² mod n) costs about as much
// as one verification and a real filter builds it once per JWKS fetch, not per token.
import { HashAlg } from "../core/crypto/sha2";
import { RsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss } from "../core/crypto/rsa";
import { Montgomery } from "../core/crypto/bignum/montgomery";

const keys: Array<RsaPublicKey> = [];

/** HashAlg as a plain integer across the boundary: 0 SHA-256, 1 SHA-384, 2 SHA-512. */
function alg(a: i32): HashAlg {
  return a == 1 ? HashAlg.SHA384 : a == 2 ? HashAlg.SHA512 : HashAlg.SHA256;
}

function remember(key: RsaPublicKey | null): i32 {
  if (key === null) return -1;
  keys.push(key);
  return keys.length - 1;
}

/** Index of a key built from big-endian n and e, or -1 when the key is refused. */
export function loadKey(n: Uint8Array, e: Uint8Array): i32 {
  return remember(RsaPublicKey.fromModulusExponent(n, e));
}

/** Index of a key built from JWK "n" and "e" strings, or -1 when refused. */
export function loadJwk(n64: string, e64: string): i32 {
  return remember(RsaPublicKey.fromJwk(n64, e64));
}

/** Builds a key and drops it, returning its bit length or -1 (the benchmark's key-import case). */
export function keySetup(n: Uint8Array, e: Uint8Array): i32 {
  const key = RsaPublicKey.fromModulusExponent(n, e);
  return key === null ? -1 : key.bits;
}

/** Forgets every loaded key (the differential test reloads a fresh pool per run). */
export function clearKeys(): void {
  keys.length = 0;
}

/** Bit length of a loaded key, or -1 for an unknown index. */
export function keyBits(key: i32): i32 {
  return key >= 0 && key < keys.length ? keys[key].bits : -1;
}

export function verifyPkcs1(key: i32, a: i32, message: Uint8Array, signature: Uint8Array): bool {
  if (key < 0 || key >= keys.length) return false;
  return rsaVerifyPkcs1v15(keys[key], alg(a), message, signature);
}

export function verifyPss(key: i32, a: i32, message: Uint8Array, signature: Uint8Array, saltLength: i32): bool {
  if (key < 0 || key >= keys.length) return false;
  return rsaVerifyPss(keys[key], alg(a), message, signature, saltLength);
}

/** Verifies `times` times inside the module: the benchmark's view without boundary copies. */
export function verifyPkcs1Repeat(key: i32, a: i32, message: Uint8Array, signature: Uint8Array, times: i32): bool {
  let ok = true;
  for (let i = 0; i < times; i++) ok = verifyPkcs1(key, a, message, signature) && ok;
  return ok;
}

/** base^e mod n for an odd modulus and odd e (the bare bignum), or null when refused. */
export function modPow(n: Uint8Array, base: Uint8Array, e: u32): Uint8Array | null {
  const ctx = Montgomery.create(n);
  if (ctx === null) return null;
  return ctx.powOdd(base, e);
}

/** a·b mod n for an odd modulus, or null when refused. */
export function mulMod(n: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array | null {
  const ctx = Montgomery.create(n);
  if (ctx === null) return null;
  return ctx.mulMod(a, b);
}

