// The base-point table of ECDSA verification: affine G, 3G, 5G, ..., 63G, the odd multiples that wNAF
// digits of width G_WINDOW select in u1*G + u2*Q. It is computed on first use for each curve (once per
// VM) rather than stored in the module, which saves 5 KB of data segment for both curves.
import { Arena } from "./mp";
import { CurveParams } from "./curve";
import { Jacobian } from "./jacobian";

export const G_WINDOW: i32 = 7;

/** The table for curve c: entry i is (x, y) of (2i + 1)G, each coordinate c.bytes long. */
export function baseTable(c: CurveParams): usize {
  let table = c.gTable;
  if (table === null) {
    table = buildTable(c);
    c.gTable = table;
  }
  return changetype<usize>(table);
}

function buildTable(c: CurveParams): StaticArray<u8> {
  const count = 1 << (G_WINDOW - 2);
  const size = <usize>c.bytes;
  const pointBytes: usize = 3 * size;
  const arena = new Arena();
  const jac = new Jacobian(c, arena);
  // Jacobian odd multiples: each is the previous one plus 2G (never infinity: all are below n)
  const points = arena.take(count * <i32>pointBytes);
  const twoG = jac.newPoint(arena);
  jac.setAffine(points, c.gx, c.gy);
  jac.double(twoG, points);
  for (let i = 1; i < count; i++) {
    jac.add(points + <usize>i * pointBytes, points + <usize>(i - 1) * pointBytes, twoG);
  }
  // to affine: x = X / Z^2, y = Y / Z^3
  const zInv = arena.take(count * c.bytes);
  c.field.invertAll(zInv, points + 2 * size, pointBytes, count, arena);
  const table = new StaticArray<u8>(count * 2 * c.bytes);
  const t = arena.take(c.bytes);
  for (let i = 0; i < count; i++) {
    const p = points + <usize>i * pointBytes;
    const zi = zInv + <usize>i * size;
    const entry = changetype<usize>(table) + <usize>i * 2 * size;
    c.sqr(t, zi);
    c.mul(entry, p, t);
    c.mul(t, t, zi);
    c.mul(entry + size, p + size, t);
  }
  return table;
}
