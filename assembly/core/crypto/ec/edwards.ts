// Point arithmetic on edwards25519, -x^2 + y^2 = 1 + d x^2 y^2 (RFC 8032 §5.1), in extended coordinates
// (X : Y : Z : T) with x = X/Z, y = Y/Z, xy = T/Z (Hisil, Wong, Carter, Dawson 2008; EFD
// "twisted/extended-1": dbl-2008-hwcd, add-2008-hwcd-3). With a = -1 a square and d a non-square the
// addition is complete: no exceptional inputs, including doubling and the neutral element.
// Layouts (32-byte field elements): extended X, Y, Z, T; cached Y+X, Y-X, Z, 2dT; affine "Niels"
// y+x, y-x, 2dxy. Adding a cached point costs 8 multiplications, a Niels point 7.
import { Arena } from "./mp";
import { f25519Add, f25519Mul, f25519Sqr, f25519Sub } from "./f25519";

export const FE: usize = 32;
export const EXTENDED_BYTES: i32 = 128;
export const CACHED_BYTES: i32 = 128;

// RFC 8032 §5.1: d = -121665 / 121666 mod p, here 2d for the addition formula
export const D2 = memory.data<u32>([
  0x26b2f159, 0xebd69b94, 0x8283b156, 0x00e0149a, 0xeef3d130, 0x198e80f2, 0x56dffce7, 0x2406d9dc,
]);
const ZERO = memory.data<u32>([0, 0, 0, 0, 0, 0, 0, 0]);

export class Edwards {
  private readonly t0: usize;
  private readonly t1: usize;
  private readonly t2: usize;
  private readonly t3: usize;
  private readonly t4: usize;
  private readonly t5: usize;

  constructor(arena: Arena) {
    this.t0 = arena.take(<i32>FE);
    this.t1 = arena.take(<i32>FE);
    this.t2 = arena.take(<i32>FE);
    this.t3 = arena.take(<i32>FE);
    this.t4 = arena.take(<i32>FE);
    this.t5 = arena.take(<i32>FE);
  }

  /** The neutral element (0 : 1 : 1 : 0). */
  setNeutral(p: usize): void {
    memory.fill(p, 0, <usize>EXTENDED_BYTES);
    store<u32>(p + FE, 1);
    store<u32>(p + 2 * FE, 1);
  }

  /**
   * o = 2a (dbl-2008-hwcd with a = -1, 4M + 4S). T is needed only by a following addition; skipping
   * it when the next step doubles again saves one multiplication. o may alias a.
   */
  double(o: usize, a: usize, withT: bool): void {
    const A = this.t0, B = this.t1, C = this.t2, E = this.t3, G = this.t4, H = this.t5;
    f25519Sqr(A, a);
    f25519Sqr(B, a + FE);
    f25519Sqr(C, a + 2 * FE);
    f25519Add(C, C, C); // C = 2 Z^2
    f25519Add(E, a, a + FE);
    f25519Sqr(E, E);
    f25519Sub(E, E, A);
    f25519Sub(E, E, B); // E = (X + Y)^2 - A - B = 2XY
    f25519Sub(G, B, A); // G = D + B with D = aA = -A
    f25519Add(H, A, B);
    f25519Sub(H, ZERO, H); // H = D - B = -A - B
    f25519Sub(C, G, C); // F = G - C
    f25519Mul(o, E, C); // X3 = E F
    f25519Mul(o + FE, G, H); // Y3 = G H
    f25519Mul(o + 2 * FE, C, G); // Z3 = F G
    if (withT) f25519Mul(o + 3 * FE, E, H); // T3 = E H
  }

  /** o = a + q, or a - q when `negate`, for a cached q (add-2008-hwcd-3, 8M); o may alias a. */
  addCached(o: usize, a: usize, q: usize, negate: bool): void {
    f25519Mul(this.t5, a + 2 * FE, q + 2 * FE);
    f25519Add(this.t5, this.t5, this.t5); // D = 2 Z1 Z2
    this.finishAdd(o, a, q, negate);
  }

  /** o = a + q, or a - q when `negate`, for an affine Niels q (Z2 = 1, 7M); o may alias a. */
  addNiels(o: usize, a: usize, q: usize, negate: bool): void {
    f25519Add(this.t5, a + 2 * FE, a + 2 * FE); // D = 2 Z1
    // the Niels layout is the cached one without Z: its 2dxy sits where the cached Z would
    this.finishAdd(o, a, q, negate, q + 2 * FE);
  }

  /**
   * The rest of add-2008-hwcd-3 with D = t5 given. Negating q = (Y+X, Y-X, .., 2dT) swaps its first
   * two members and negates 2dT, so it only changes which operands are used and the sign of C.
   */
  private finishAdd(o: usize, a: usize, q: usize, negate: bool, q2dT: usize = 0): void {
    const A = this.t0, B = this.t1, C = this.t2, E = this.t3, H = this.t4, D = this.t5;
    const t2d = q2dT != 0 ? q2dT : q + 3 * FE;
    f25519Sub(A, a + FE, a);
    f25519Mul(A, A, negate ? q : q + FE); // A = (Y1 - X1)(Y2 - X2)
    f25519Add(B, a + FE, a);
    f25519Mul(B, B, negate ? q + FE : q); // B = (Y1 + X1)(Y2 + X2)
    f25519Mul(C, a + 3 * FE, t2d); // C = T1 2d T2
    f25519Sub(E, B, A);
    f25519Add(H, B, A);
    // F = D - C and G = D + C, with C's sign flipped for -q
    if (negate) {
      f25519Add(A, D, C); // F
      f25519Sub(B, D, C); // G
    } else {
      f25519Sub(A, D, C);
      f25519Add(B, D, C);
    }
    f25519Mul(o, E, A); // X3 = E F
    f25519Mul(o + FE, B, H); // Y3 = G H
    f25519Mul(o + 2 * FE, A, B); // Z3 = F G
    f25519Mul(o + 3 * FE, E, H); // T3 = E H
  }

  /** The cached form of an extended point. */
  toCached(o: usize, p: usize): void {
    f25519Add(o, p + FE, p);
    f25519Sub(o + FE, p + FE, p);
    memory.copy(o + 2 * FE, p + 2 * FE, FE);
    f25519Mul(o + 3 * FE, p + 3 * FE, D2);
  }

  /** o = -p. */
  negate(o: usize, p: usize): void {
    f25519Sub(o, ZERO, p);
    memory.copy(o + FE, p + FE, 2 * FE);
    f25519Sub(o + 3 * FE, ZERO, p + 3 * FE);
  }
}
