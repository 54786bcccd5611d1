// Ed25519 signature verification (RFC 8032 §5.1.7) for JOSE EdDSA (RFC 8037). Everything here is
// public, so the arithmetic runs in variable time. Any input of any length returns a bool.
//
// The check is the cofactorless one, [S]B = R + [k]A, done as encode([S]B - [k]A) == R byte for
// byte; this also rejects any R whose encoding is not canonical. S must be below L (no malleable
// signatures) and A must decode per RFC 8032 §5.1.3 (y < p, x recoverable, no "-0").
import { Sha512 } from "./sha512";
import { Arena } from "./ec/mp";
import { F25519_P as P, f25519Add, f25519Mul, f25519Sqr, f25519Sub } from "./ec/f25519";
import { f25519Invert, f25519PowP58 } from "./ec/f25519_pow";
import { CACHED_BYTES, EXTENDED_BYTES, Edwards, FE } from "./ec/edwards";
import { ED25519_B_WINDOW, NIELS_BYTES, ed25519BaseTable } from "./ec/ed25519_table";
import { mpAdd, mpCmp, mpSub, montInverse32, montMul } from "./ec/mp";
import { wnaf, wnafLength } from "./ec/wnaf";

export const ED25519_PUBLIC_KEY_LENGTH: i32 = 32;
export const ED25519_SIGNATURE_LENGTH: i32 = 64;

// RFC 8032 §5.1
const D = memory.data<u32>([
  0x135978a3, 0x75eb4dca, 0x4141d8ab, 0x00700a4d, 0x7779e898, 0x8cc74079, 0x2b6ffe73, 0x52036cee,
]);
/** 2^((p - 1) / 4), a square root of -1. */
const SQRT_M1 = memory.data<u32>([
  0x4a0ea0b0, 0xc4ee1b27, 0xad2fe478, 0x2f431806, 0x3dfbd7a7, 0x2b4d0099, 0x4fc1df0b, 0x2b832480,
]);
/** L = 2^252 + 27742317777372353535851937790883648493, the order of B. */
const L = memory.data<u32>([
  0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0x00000000, 0x00000000, 0x00000000, 0x10000000,
]);
/** 2^512 mod L and 2^768 mod L, to reduce a 512-bit hash with Montgomery products. */
const L_R2 = memory.data<u32>([
  0x449c0f01, 0xa40611e3, 0x68859347, 0xd00e1ba7, 0x17f5be65, 0xceec73d2, 0x7c309a3d, 0x0399411b,
]);
const L_R3 = memory.data<u32>([
  0x7b83a2db, 0x2a9e4968, 0xaef7f3ec, 0x278324e6, 0x04ec5b65, 0x8065dc6c, 0x3599cec7, 0x0e530b77,
]);
const ONE = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0]);

/** Window for the per-call table of -A: 8 cached odd multiples. */
const A_WINDOW: i32 = 5;

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): bool {
  if (publicKey.length != ED25519_PUBLIC_KEY_LENGTH || signature.length != ED25519_SIGNATURE_LENGTH) return false;
  const arena = new Arena();
  // S is little-endian (RFC 8032 §5.1.2), as are the limbs: a plain copy
  const s = arena.take(32);
  memory.copy(s, signature.dataStart + 32, 32);
  if (mpCmp(s, L, 8) >= 0) return false;

  const ed = new Edwards(arena);
  const a = arena.take(EXTENDED_BYTES);
  if (!decodePoint(a, publicKey.dataStart, arena)) return false;
  if (hasSmallOrder(ed, a, arena)) return false;

  // k = SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 step 2)
  const h = new Sha512();
  h.absorb(signature.dataStart, 32);
  h.absorb(publicKey.dataStart, 32);
  h.update(message);
  const digest = h.finish(); // held in a local so the collector keeps it while reduceModL reads it
  const k = arena.take(32);
  reduceModL(k, digest.dataStart, arena);

  const r = arena.take(EXTENDED_BYTES);
  ed.negate(a, a);
  mulDoubleBase(ed, arena, r, s, k, a);
  const encoded = arena.take(32);
  encodePoint(encoded, r, arena);
  return memory.compare(encoded, signature.dataStart, 32) == 0;
}

/**
 * Decodes a point (RFC 8032 §5.1.3) into extended coordinates; false for y >= p, for a y with no
 * matching x, and for x = 0 with the sign bit set.
 */
function decodePoint(o: usize, bytes: usize, arena: Arena): bool {
  const y = o + FE, z = o + 2 * FE, t = o + 3 * FE;
  memory.copy(y, bytes, 32);
  const sign = load<u32>(y, 28) >>> 31;
  store<u32>(y, load<u32>(y, 28) & 0x7fffffff, 28);
  if (mpCmp(y, P, 8) >= 0) return false;

  const u = arena.take(32), v = arena.take(32), w = arena.take(32), x = arena.take(32);
  const work = arena.take(5 * 32);
  f25519Sqr(u, y);
  f25519Mul(v, u, D);
  f25519Sub(u, u, ONE); // u = y^2 - 1
  f25519Add(v, v, ONE); // v = d y^2 + 1
  // x = u v^3 (u v^7)^((p - 5) / 8)
  f25519Sqr(w, v);
  f25519Mul(w, w, v); // v^3
  f25519Mul(x, u, w); // u v^3
  f25519Sqr(w, w);
  f25519Mul(w, w, v); // v^7
  f25519Mul(w, w, u); // u v^7
  f25519PowP58(w, w, work);
  f25519Mul(x, x, w);
  // check v x^2 against u and -u
  f25519Sqr(w, x);
  f25519Mul(w, w, v);
  if (memory.compare(w, u, 32) != 0) {
    f25519Add(w, w, u);
    if (!isZero(w)) return false; // neither u nor -u: no square root
    f25519Mul(x, x, SQRT_M1);
  }
  if (isZero(x) && sign == 1) return false;
  if ((load<u32>(x) & 1) != sign) f25519Sub(x, P, x); // p - x, the other root (x != 0 here)
  memory.copy(o, x, 32);
  memory.fill(z, 0, 32);
  store<u32>(z, 1);
  f25519Mul(t, x, y);
  return true;
}

/**
 * Whether [8]p is the neutral element, i.e. p is one of the 8 points of order dividing 8. Such a
 * public key is never a real one, and with it a fixed R and S = 0 verify for about one message in
 * eight (the zero key and zero signature pass for "b"), so it is refused as libsodium does.
 */
function hasSmallOrder(ed: Edwards, p: usize, arena: Arena): bool {
  const t = arena.take(EXTENDED_BYTES);
  ed.double(t, p, false);
  ed.double(t, t, false);
  ed.double(t, t, false);
  return isZero(t); // X = 0 only for the neutral element (0, 1) and the point (0, -1) of order 2
}

function isZero(a: usize): bool {
  return (load<u64>(a) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

/** y with the sign of x in bit 255 (RFC 8032 §5.1.2), from the extended point p. */
function encodePoint(o: usize, p: usize, arena: Arena): void {
  const zi = arena.take(32), x = arena.take(32), work = arena.take(5 * 32);
  f25519Invert(zi, p + 2 * FE, work);
  f25519Mul(x, p, zi);
  f25519Mul(o, p + FE, zi);
  store<u32>(o, load<u32>(o, 28) | ((load<u32>(x) & 1) << 31), 28);
}

/** o = the 64-byte little-endian h mod L: (lo + hi 2^256) R mod L from two Montgomery products, then / R. */
function reduceModL(o: usize, h: usize, arena: Arena): void {
  const m0inv = montInverse32(load<u32>(L));
  const work = arena.take(4 * 10);
  const lo = arena.take(32);
  montMul(o, h + 32, L_R3, L, 8, m0inv, work); // hi 2^256 R
  montMul(lo, h, L_R2, L, 8, m0inv, work); // lo R
  mpAdd(o, o, lo, 8); // both below L < 2^253: no carry out
  if (mpCmp(o, L, 8) >= 0) mpSub(o, o, L, 8);
  montMul(o, o, ONE, L, 8, m0inv, work);
}

/** out = [s]B + [k]Q for scalars below L (RFC 8032 §5.1.7 step 3, with Q = -A). */
function mulDoubleBase(ed: Edwards, arena: Arena, out: usize, s: usize, k: usize, q: usize): void {
  const count = 1 << (A_WINDOW - 2);
  const table = arena.take(count * CACHED_BYTES);
  const q2 = arena.take(EXTENDED_BYTES);
  const acc = arena.take(EXTENDED_BYTES);
  ed.double(q2, q, true);
  const q2Cached = arena.take(CACHED_BYTES);
  ed.toCached(q2Cached, q2);
  memory.copy(acc, q, <usize>EXTENDED_BYTES);
  ed.toCached(table, acc);
  for (let i = 1; i < count; i++) {
    ed.addCached(acc, acc, q2Cached, false);
    ed.toCached(table + <usize>(i * CACHED_BYTES), acc);
  }

  const ds = arena.take(wnafLength(8, ED25519_B_WINDOW));
  const dk = arena.take(wnafLength(8, A_WINDOW));
  const ns = wnaf(ds, s, 8, ED25519_B_WINDOW);
  const nk = wnaf(dk, k, 8, A_WINDOW);

  const bTable = ed25519BaseTable();
  ed.setNeutral(out);
  let started = false;
  for (let i = max(ns, nk) - 1; i >= 0; i--) {
    const ss = <i32>load<i8>(ds + <usize>i);
    const kk = <i32>load<i8>(dk + <usize>i);
    if (started) ed.double(out, out, ss != 0 || kk != 0);
    if (ss != 0) {
      ed.addNiels(out, out, bTable + <usize>((abs(ss) >> 1) * NIELS_BYTES), ss < 0);
      started = true;
    }
    if (kk != 0) {
      ed.addCached(out, out, table + <usize>((abs(kk) >> 1) * CACHED_BYTES), kk < 0);
      started = true;
    }
  }
}
