// u1*G + u2*Q in one pass of doublings (Shamir's trick with wNAF digits): the base point uses the
// affine table built once per VM (cheaper mixed additions, wider window), the public key a small
// Jacobian table built per call. The inputs are public, so digit-dependent branching is fine.
import { Arena } from "./mp";
import { Jacobian } from "./jacobian";
import { wnaf, wnafLength } from "./wnaf";
import { G_WINDOW, baseTable } from "./nist_table";

/** Window for the per-call table of the public key: 8 odd multiples, built with 1 doubling + 7 additions. */
const Q_WINDOW: i32 = 5;

/** out = u1*G + u2*(qx, qy) for scalars u1, u2 < n and an affine point Q on the curve. */
export function mulDoubleBase(
  jac: Jacobian, arena: Arena, out: usize, u1: usize, u2: usize, qx: usize, qy: usize,
): void {
  const c = jac.c;
  const limbs = c.limbs;
  const size = jac.size;
  const pointBytes: usize = 3 * size;

  const qCount = 1 << (Q_WINDOW - 2);
  const qTable = arena.take(qCount * <i32>pointBytes);
  const twoQ = jac.newPoint(arena);
  jac.setAffine(qTable, qx, qy);
  jac.double(twoQ, qTable);
  for (let i = 1; i < qCount; i++) {
    jac.add(qTable + <usize>i * pointBytes, qTable + <usize>(i - 1) * pointBytes, twoQ);
  }
  const negQ = jac.newPoint(arena);

  const d1 = arena.take(wnafLength(limbs, G_WINDOW));
  const d2 = arena.take(wnafLength(limbs, Q_WINDOW));
  const n1 = wnaf(d1, u1, limbs, G_WINDOW);
  const n2 = wnaf(d2, u2, limbs, Q_WINDOW);

  const gTable = baseTable(c);
  jac.setInfinity(out);
  for (let i = max(n1, n2) - 1; i >= 0; i--) {
    if (!jac.isInfinity(out)) jac.double(out, out);
    const g = <i32>load<i8>(d1 + <usize>i);
    if (g != 0) {
      const entry = gTable + <usize>(abs(g) >> 1) * 2 * size;
      jac.addAffine(out, out, entry, entry + size, g < 0);
    }
    const q = <i32>load<i8>(d2 + <usize>i);
    if (q != 0) {
      let entry = qTable + <usize>(abs(q) >> 1) * pointBytes;
      if (q < 0) {
        jac.copy(negQ, entry);
        c.neg(negQ + size, entry + size);
        entry = negQ;
      }
      jac.add(out, out, entry);
    }
  }
}
