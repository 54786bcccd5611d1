// The NIST prime curves used by JOSE ES256 and ES384 (RFC 7518 §3.4): y^2 = x^3 - 3x + b over GF(p),
// prime order n, cofactor 1. Parameters from FIPS 186-4 Appendix D.1.2.3 (P-256) and D.1.2.4 (P-384),
// stored as little-endian u32 limbs in static memory. Field arithmetic is the shared loop code of
// field.ts; values are always kept fully reduced in [0, p).
import { Field, Prime } from "./field";
import { montInverse32, mpIsZero } from "./mp";

export enum Curve {
  P256,
  P384,
}

export class CurveParams {
  /** Bytes in a field element or scalar (RFC 7518 §6.2.1.2: coordinates are exactly this long). */
  readonly bytes: i32;
  /** -n^-1 mod 2^32, for Montgomery multiplication modulo the group order. */
  readonly nM0inv: u32;
  readonly field: Field;
  /** Affine odd multiples of G, built on first use by nist_table.ts. */
  gTable: StaticArray<u8> | null = null;

  constructor(
    readonly curve: Curve,
    readonly limbs: i32,
    readonly p: usize,
    readonly n: usize,
    readonly b: usize,
    readonly gx: usize,
    readonly gy: usize,
    /** 2^(64 * limbs) mod n: converts a Montgomery product back to a plain one. */
    readonly nR2: usize,
  ) {
    this.bytes = limbs << 2;
    this.nM0inv = montInverse32(load<u32>(n));
    this.field = new Field(curve == Curve.P256 ? Prime.P256 : Prime.P384, limbs, p);
  }

  // @ts-ignore: decorator
  @inline mul(o: usize, a: usize, b: usize): void {
    this.field.mul(o, a, b);
  }

  // @ts-ignore: decorator
  @inline sqr(o: usize, a: usize): void {
    this.field.sqr(o, a);
  }

  // @ts-ignore: decorator
  @inline add(o: usize, a: usize, b: usize): void {
    this.field.add(o, a, b);
  }

  // @ts-ignore: decorator
  @inline sub(o: usize, a: usize, b: usize): void {
    this.field.sub(o, a, b);
  }

  /** o = -a mod p. */
  neg(o: usize, a: usize): void {
    if (mpIsZero(a, this.limbs)) memory.fill(o, 0, <usize>this.bytes);
    else this.sub(o, this.p, a); // p - a, through the same code path as any subtraction
  }
}

// FIPS 186-4 D.1.2.3
const P256_P = memory.data<u32>([
  0xffffffff, 0xffffffff, 0xffffffff, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xffffffff,
]);
const P256_N = memory.data<u32>([
  0xfc632551, 0xf3b9cac2, 0xa7179e84, 0xbce6faad, 0xffffffff, 0xffffffff, 0x00000000, 0xffffffff,
]);
const P256_B = memory.data<u32>([
  0x27d2604b, 0x3bce3c3e, 0xcc53b0f6, 0x651d06b0, 0x769886bc, 0xb3ebbd55, 0xaa3a93e7, 0x5ac635d8,
]);
const P256_GX = memory.data<u32>([
  0xd898c296, 0xf4a13945, 0x2deb33a0, 0x77037d81, 0x63a440f2, 0xf8bce6e5, 0xe12c4247, 0x6b17d1f2,
]);
const P256_GY = memory.data<u32>([
  0x37bf51f5, 0xcbb64068, 0x6b315ece, 0x2bce3357, 0x7c0f9e16, 0x8ee7eb4a, 0xfe1a7f9b, 0x4fe342e2,
]);
const P256_N_R2 = memory.data<u32>([
  0xbe79eea2, 0x83244c95, 0x49bd6fa6, 0x4699799c, 0x2b6bec59, 0x2845b239, 0xf3d95620, 0x66e12d94,
]);

// FIPS 186-4 D.1.2.4
const P384_P = memory.data<u32>([
  0xffffffff, 0x00000000, 0x00000000, 0xffffffff, 0xfffffffe, 0xffffffff,
  0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
]);
const P384_N = memory.data<u32>([
  0xccc52973, 0xecec196a, 0x48b0a77a, 0x581a0db2, 0xf4372ddf, 0xc7634d81,
  0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
]);
const P384_B = memory.data<u32>([
  0xd3ec2aef, 0x2a85c8ed, 0x8a2ed19d, 0xc656398d, 0x5013875a, 0x0314088f,
  0xfe814112, 0x181d9c6e, 0xe3f82d19, 0x988e056b, 0xe23ee7e4, 0xb3312fa7,
]);
const P384_GX = memory.data<u32>([
  0x72760ab7, 0x3a545e38, 0xbf55296c, 0x5502f25d, 0x82542a38, 0x59f741e0,
  0x8ba79b98, 0x6e1d3b62, 0xf320ad74, 0x8eb1c71e, 0xbe8b0537, 0xaa87ca22,
]);
const P384_GY = memory.data<u32>([
  0x90ea0e5f, 0x7a431d7c, 0x1d7e819d, 0x0a60b1ce, 0xb5f0b8c0, 0xe9da3113,
  0x289a147c, 0xf8f41dbd, 0x9292dc29, 0x5d9e98bf, 0x96262c6f, 0x3617de4a,
]);
const P384_N_R2 = memory.data<u32>([
  0x19b409a9, 0x2d319b24, 0xdf1aa419, 0xff3d81e5, 0xfcb82947, 0xbc3e483a,
  0x4aab1cc5, 0xd40d4917, 0x28266895, 0x3fb05b7a, 0x2b39bf21, 0x0c84ee01,
]);

export const P256_PARAMS = new CurveParams(
  Curve.P256, 8, P256_P, P256_N, P256_B, P256_GX, P256_GY, P256_N_R2,
);
export const P384_PARAMS = new CurveParams(
  Curve.P384, 12, P384_P, P384_N, P384_B, P384_GX, P384_GY, P384_N_R2,
);

export function curveParams(curve: Curve): CurveParams {
  return curve == Curve.P256 ? P256_PARAMS : P384_PARAMS;
}
