// The base-point table of Ed25519 verification: B, 3B, 5B, ..., 63B, the odd multiples that wNAF digits
// of width ED25519_B_WINDOW select in [S]B - [k]A, each as (y + x, y - x, 2d x y) so that adding it to
// an extended point costs 7 multiplications. Computed on first use (once per VM) rather than stored in
// the module, which saves 3 KB of data segment.
import { Arena } from "./mp";
import { CACHED_BYTES, D2, EXTENDED_BYTES, Edwards, FE } from "./edwards";
import { F25519, f25519Add, f25519Mul, f25519Sub } from "./f25519";

export const ED25519_B_WINDOW: i32 = 7;
/** Bytes per table entry: three field elements. */
export const NIELS_BYTES: i32 = 96;

// RFC 8032 §5.1: B = (x, 4/5) with x even, as little-endian u32 limbs
const BX = memory.data<u32>([
  0x8f25d51a, 0xc9562d60, 0x9525a7b2, 0x692cc760, 0xfdd6dc5c, 0xc0a4e231, 0xcd6e53fe, 0x216936d3,
]);
const BY = memory.data<u32>([
  0x66666658, 0x66666666, 0x66666666, 0x66666666, 0x66666666, 0x66666666, 0x66666666, 0x66666666,
]);

let table: StaticArray<u8> | null = null;

/** The table: entry i is (2i + 1)B, NIELS_BYTES long. */
export function ed25519BaseTable(): usize {
  let t = table;
  if (t === null) {
    t = buildTable();
    table = t;
  }
  return changetype<usize>(t);
}

function buildTable(): StaticArray<u8> {
  const count = 1 << (ED25519_B_WINDOW - 2);
  const arena = new Arena();
  const ed = new Edwards(arena);
  // extended odd multiples, each the previous one plus 2B (the addition is complete)
  const points = arena.take(count * EXTENDED_BYTES);
  memory.copy(points, BX, FE);
  memory.copy(points + FE, BY, FE);
  store<u32>(points + 2 * FE, 1);
  f25519Mul(points + 3 * FE, BX, BY);
  const twoB = arena.take(EXTENDED_BYTES);
  const twoBCached = arena.take(CACHED_BYTES);
  ed.double(twoB, points, true);
  ed.toCached(twoBCached, twoB);
  for (let i = 1; i < count; i++) {
    ed.addCached(points + <usize>(i * EXTENDED_BYTES), points + <usize>((i - 1) * EXTENDED_BYTES), twoBCached, false);
  }
  // to affine x = X / Z, y = Y / Z, then the Niels form
  const zInv = arena.take(count * <i32>FE);
  F25519.invertAll(zInv, points + 2 * FE, <usize>EXTENDED_BYTES, count, arena);
  const out = new StaticArray<u8>(count * NIELS_BYTES);
  const x = arena.take(<i32>FE), y = arena.take(<i32>FE);
  for (let i = 0; i < count; i++) {
    const p = points + <usize>(i * EXTENDED_BYTES);
    const zi = zInv + <usize>i * FE;
    const entry = changetype<usize>(out) + <usize>(i * NIELS_BYTES);
    f25519Mul(x, p, zi);
    f25519Mul(y, p + FE, zi);
    f25519Add(entry, y, x);
    f25519Sub(entry + FE, y, x);
    f25519Mul(entry + 2 * FE, x, y);
    f25519Mul(entry + 2 * FE, entry + 2 * FE, D2);
  }
  return out;
}
