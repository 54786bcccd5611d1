// Point arithmetic on y^2 = x^3 - 3x + b in Jacobian coordinates (x = X/Z^2, y = Y/Z^3, infinity has
// Z = 0). Formulas from the Explicit-Formulas Database (hyperelliptic.org/EFD, "g1p/shortw/jacobian-3"):
// dbl-2001-b, add-2007-bl and madd-2007-bl. The exceptional inputs those formulas do not cover (equal
// or opposite points, infinity) are detected and routed explicitly, because Wycheproof's
// "EdgeCaseShamirMultiplication" vectors reach them.
import { Arena } from "./mp";
import { CurveParams } from "./curve";
import { mpCopy, mpIsZero, mpSetSmall, mpZero } from "./mp";

export class Jacobian {
  readonly limbs: i32;
  /** Bytes per coordinate; a point is X, Y, Z at offsets 0, size and 2 * size. */
  readonly size: usize;
  private readonly t0: usize;
  private readonly t1: usize;
  private readonly t2: usize;
  private readonly t3: usize;
  private readonly t4: usize;
  private readonly t5: usize;
  private readonly t6: usize;

  constructor(readonly c: CurveParams, arena: Arena) {
    this.limbs = c.limbs;
    this.size = <usize>c.bytes;
    const s = c.bytes;
    this.t0 = arena.take(s);
    this.t1 = arena.take(s);
    this.t2 = arena.take(s);
    this.t3 = arena.take(s);
    this.t4 = arena.take(s);
    this.t5 = arena.take(s);
    this.t6 = arena.take(s);
  }

  newPoint(arena: Arena): usize {
    return arena.take(3 * this.c.bytes);
  }

  isInfinity(p: usize): bool {
    return mpIsZero(p + 2 * this.size, this.limbs);
  }

  setInfinity(p: usize): void {
    mpZero(p, 3 * this.limbs);
    mpSetSmall(p, this.limbs, 1);
    mpSetSmall(p + this.size, this.limbs, 1);
  }

  setAffine(p: usize, x: usize, y: usize): void {
    mpCopy(p, x, this.limbs);
    mpCopy(p + this.size, y, this.limbs);
    mpSetSmall(p + 2 * this.size, this.limbs, 1);
  }

  copy(o: usize, p: usize): void {
    mpCopy(o, p, 3 * this.limbs);
  }

  /** o = 2a (dbl-2001-b, 3M + 5S); o may alias a. */
  double(o: usize, a: usize): void {
    const c = this.c;
    const s = this.size;
    const X = a, Y = a + s, Z = a + 2 * s;
    const delta = this.t0, gamma = this.t1, beta = this.t2, alpha = this.t3, t = this.t4;
    c.sqr(delta, Z);
    c.sqr(gamma, Y);
    c.mul(beta, X, gamma);
    c.sub(t, X, delta);
    c.add(alpha, X, delta);
    c.mul(alpha, alpha, t);
    c.add(t, alpha, alpha);
    c.add(alpha, alpha, t); // alpha = 3 (X - delta)(X + delta)
    c.add(t, Y, Z);
    c.sqr(t, t);
    c.sub(t, t, gamma);
    c.sub(o + 2 * s, t, delta); // Z3 = (Y + Z)^2 - gamma - delta
    c.add(beta, beta, beta);
    c.add(beta, beta, beta); // 4 beta
    c.sqr(t, alpha);
    c.sub(t, t, beta);
    c.sub(o, t, beta); // X3 = alpha^2 - 8 beta
    c.sub(t, beta, o);
    c.mul(t, alpha, t);
    c.sqr(gamma, gamma);
    c.add(gamma, gamma, gamma);
    c.add(gamma, gamma, gamma);
    c.add(gamma, gamma, gamma); // 8 gamma^2
    c.sub(o + s, t, gamma); // Y3 = alpha (4 beta - X3) - 8 gamma^2
  }

  /** o = a + b for Jacobian a and b (add-2007-bl, 11M + 5S); o may alias a or b. */
  add(o: usize, a: usize, b: usize): void {
    if (this.isInfinity(a)) return this.copy(o, b);
    if (this.isInfinity(b)) return this.copy(o, a);
    const c = this.c;
    const s = this.size;
    const z1z1 = this.t0, z2z2 = this.t1, u1 = this.t2, u2 = this.t3, s1 = this.t4, s2 = this.t5;
    c.sqr(z1z1, a + 2 * s);
    c.sqr(z2z2, b + 2 * s);
    c.mul(u1, a, z2z2);
    c.mul(u2, b, z1z1);
    c.mul(s1, a + s, b + 2 * s);
    c.mul(s1, s1, z2z2);
    c.mul(s2, b + s, a + 2 * s);
    c.mul(s2, s2, z1z1);
    c.sub(u2, u2, u1); // H
    c.sub(s2, s2, s1); // S2 - S1
    if (mpIsZero(u2, this.limbs)) {
      if (mpIsZero(s2, this.limbs)) this.double(o, a);
      else this.setInfinity(o);
      return;
    }
    c.mul(z1z1, a + 2 * s, b + 2 * s);
    c.mul(z1z1, z1z1, u2);
    c.add(o + 2 * s, z1z1, z1z1); // Z3 = 2 Z1 Z2 H, equal to ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
    this.finishAdd(o, u1, s1, u2, s2);
  }

  /**
   * o = a + (x, y) for Jacobian a and an affine point (madd-2007-bl, 7M + 4S); o may alias a. When
   * `negate` is set, adds (x, -y).
   */
  addAffine(o: usize, a: usize, x: usize, y: usize, negate: bool): void {
    const c = this.c;
    const s = this.size;
    const ny = this.t6;
    if (negate) c.neg(ny, y);
    else mpCopy(ny, y, this.limbs);
    if (this.isInfinity(a)) return this.setAffine(o, x, ny);
    const z1z1 = this.t0, u1 = this.t2, u2 = this.t3, s1 = this.t4, s2 = this.t5;
    c.sqr(z1z1, a + 2 * s);
    c.mul(u2, x, z1z1);
    c.mul(s2, ny, a + 2 * s);
    c.mul(s2, s2, z1z1);
    c.sub(u2, u2, a); // H
    c.sub(s2, s2, a + s);
    if (mpIsZero(u2, this.limbs)) {
      if (mpIsZero(s2, this.limbs)) this.double(o, a);
      else this.setInfinity(o);
      return;
    }
    mpCopy(u1, a, this.limbs);
    mpCopy(s1, a + s, this.limbs);
    c.mul(z1z1, a + 2 * s, u2);
    c.add(o + 2 * s, z1z1, z1z1); // Z3 = 2 Z1 H
    this.finishAdd(o, u1, s1, u2, s2);
  }

  /** The X3 and Y3 shared by both additions, from U1, S1, H and S2 - S1 (consumed). */
  private finishAdd(o: usize, u1: usize, s1: usize, h: usize, sd: usize): void {
    const c = this.c;
    const s = this.size;
    const i = this.t0, j = this.t1, r = sd, v = u1;
    c.add(i, h, h);
    c.sqr(i, i); // I = (2H)^2
    c.mul(j, h, i); // J = H I
    c.add(r, sd, sd); // r = 2 (S2 - S1)
    c.mul(v, u1, i); // V = U1 I
    c.sqr(i, r);
    c.sub(i, i, j);
    c.sub(i, i, v);
    c.sub(o, i, v); // X3 = r^2 - J - 2V
    c.sub(v, v, o);
    c.mul(v, r, v);
    c.mul(j, s1, j);
    c.add(j, j, j);
    c.sub(o + s, v, j); // Y3 = r (V - X3) - 2 S1 J
  }
}
