// Curve constants for the ec code and, for the tests, the affine odd multiples of the base points.
const mod = (a, m) => ((a % m) + m) % m;
function inv(a, m) { let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n]; while (r1) { const q = r0 / r1; [r0, r1] = [r1, r0 - q * r1]; [s0, s1] = [s1, s0 - q * s1]; } return mod(s0, m); }
export const words = (x, n) => [...Array(n)].map((_, i) => "0x" + ((x >> BigInt(32 * i)) & 0xffffffffn).toString(16).padStart(8, "0"));

// short Weierstrass a = -3 affine arithmetic
function wAdd(P, Q, c) {
  if (P === null) return Q; if (Q === null) return P;
  const { p } = c;
  if (P[0] === Q[0]) { if (mod(P[1] + Q[1], p) === 0n) return null; const l = mod((3n * P[0] * P[0] - 3n) * inv(2n * P[1], p), p); const x = mod(l * l - 2n * P[0], p); return [x, mod(l * (P[0] - x) - P[1], p)]; }
  const l = mod((Q[1] - P[1]) * inv(Q[0] - P[0], p), p); const x = mod(l * l - P[0] - Q[0], p); return [x, mod(l * (P[0] - x) - P[1], p)];
}
export const P256 = { p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n, N: 8 };
export const P384 = { p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
  gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn, N: 12 };
for (const c of [P256, P384]) {
  const { p, b, gx, gy } = c;
  if (mod(gy * gy - (gx * gx * gx - 3n * gx + b), p) !== 0n) throw new Error("G not on curve");
}
export function oddMultiples(c, count) {
  const G = [c.gx, c.gy]; const G2 = wAdd(G, G, c); const out = [G];
  for (let i = 1; i < count; i++) out.push(wAdd(out[i - 1], G2, c));
  return out;
}
if (import.meta.url === `file://${process.argv[1]}`) {
  // the constants in assembly/core/crypto/ec/curve.ts, and the last G-table entry that
  // tests/unit/crypto/ec_point.spec.ts expects (the table itself is built at run time, nist_table.ts)
  const count = Number(process.argv[2] ?? 32);
  for (const [nm, c] of [["P256", P256], ["P384", P384]]) {
    const R = 2n ** BigInt(32 * c.N);
    console.log(nm, "p", words(c.p, c.N).join(", "));
    console.log(nm, "n", words(c.n, c.N).join(", "));
    console.log(nm, "b", words(c.b, c.N).join(", "));
    console.log(nm, "gx", words(c.gx, c.N).join(", "));
    console.log(nm, "gy", words(c.gy, c.N).join(", "));
    console.log(nm, "nR2", words(R * R % c.n, c.N).join(", "));
    const [x, y] = oddMultiples(c, count)[count - 1];
    console.log(nm, `${2 * count - 1}G`, x.toString(16).padStart(8 * c.N, "0") + "," + y.toString(16).padStart(8 * c.N, "0"));
  }
}
