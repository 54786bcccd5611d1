// Field arithmetic modulo the P-256, P-384 and edwards25519 primes, Montgomery products and inverses
// modulo a group order, and wNAF recoding. Expected values were computed with exact integer arithmetic
// (JavaScript BigInt) and pasted; the edge rows (0, 1, p - 1, p - 2) reach the final reductions.
import { P256_PARAMS, P384_PARAMS, CurveParams } from "../../../assembly/core/crypto/ec/curve";
import { F25519, f25519Add, f25519Mul, f25519Sqr, f25519Sub } from "../../../assembly/core/crypto/ec/f25519";
import { Field } from "../../../assembly/core/crypto/ec/field";
import { mpAdd, mpCmp, mpFromBytesBE, mpInvMod, mpIsZero, mpSub, mpToBytesBE, montInverse32, montMul } from "../../../assembly/core/crypto/ec/mp";
import { wnaf, wnafLength } from "../../../assembly/core/crypto/ec/wnaf";
import { hexDecode, hexEncode } from "../../../assembly/core/encoding/hex";
import { Xorshift32 } from "../prng";

/** Big-endian hex to little-endian u32 limbs. */
function limbs(hex: string): StaticArray<u32> {
  const bytes = hexDecode(hex)!;
  const out = new StaticArray<u32>(bytes.length >> 2);
  mpFromBytesBE(changetype<usize>(out), bytes.dataStart, out.length);
  return out;
}

function toHex(a: StaticArray<u32>): string {
  const bytes = new Uint8Array(a.length << 2);
  mpToBytesBE(bytes.dataStart, changetype<usize>(a), a.length);
  return hexEncode(bytes);
}

function ptr(a: StaticArray<u32>): usize {
  return changetype<usize>(a);
}

// rows: a, b, a*b, a^2, a+b, a-b
const P256_ROWS: string[][] = [
  [
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffe",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffe",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffd",
    "0000000000000000000000000000000000000000000000000000000000000000",
  ],
  [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffe",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffe",
    "0000000000000000000000000000000000000000000000000000000000000001",
  ],
  [
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000002",
    "0000000000000000000000000000000000000000000000000000000000000002",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000003",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffe",
  ],
  [
    "65fd9d273da4ea143f7a77e7fe2a792ed93073d242e536b03d33a580ba25473f",
    "9000ae02eaa76bd1a2bfd98575fb6f72576401b4f471704edb68b1c0dc674f86",
    "d2decd67fb2d1b405e6c3b64e73aed0153dfbd8ae9bb60e2aceffa7ba3eec2ed",
    "749d9ffff972b9a89008c8bf5157114f17527f389caf3331d6ddbc53fbab648f",
    "f5fe4b2a284c55e5e23a516d7425e8a1309475873756a6ff189c5741968c96c5",
    "d5fcef2352fd7e439cba9e62882f09bc81cc721e4e73c66161caf3bfddbdf7b8",
  ],
  [
    "5893cfc5ea1394dc91d9b72c425f8c982a7ce4b95adad612d5e935c987bffe29",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffd",
    "4ed860732bd8d647dc4c91a77b40e6cfab06368e4a4a53da542d946cf08003ad",
    "321e4880ffe2fda5e0aae795286b53c93929236a1ef71da23d042a4840022ac1",
    "5893cfc5ea1394dc91d9b72c425f8c982a7ce4b95adad612d5e935c987bffe27",
    "5893cfc5ea1394dc91d9b72c425f8c982a7ce4b95adad612d5e935c987bffe2b",
  ],
];

const P384_ROWS: string[][] = [
  [
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffe",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffe",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffd",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
  ],
  [
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffe",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffe",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
  ],
  [
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffe",
  ],
  [
    "9ba36db4952bee03e3fccbb1c750ddff4d9e4f0f6cca19c672f71eeea535169facccdd5d2d4adbcfcfbd901d828ef9d2",
    "454ee0efe32616b6d15da79ad0c0197c3cb82a8c1a0cfd9fb3603896c5d18006af4badc95ce85be629109c7355405587",
    "5ec14d438ab276b845699f06bf3c8aabc15a9527fc8287f2a9222543ddf1310c16abea9252da761833e046dbebfbf428",
    "8e5c132d9f0500f95c9298bafdf948646021436afec3c1eacb02c65bb24f78cb6186f95f55d982b78538c6f2fe80833f",
    "e0f24ea4785204bab55a734c9810f77b8a56799b86d71766265757856b0696a65c188b268a3337b5f8ce2c90d7cf4f59",
    "56548cc4b205d74d129f2416f690c48310e6248352bd1c26bf96e657df639698fd812f93d0627fe9a6acf3aa2d4ea44b",
  ],
  [
    "4041ccab55c6dd4c42bc795f0f38fc0e107f3188ac413f6d90a41ce088a9fb5d5bb9616c2131ae0ecd52f26f68ce4b40",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffd",
    "7f7c66a9547245677a870d41e18e07e3df019ceea77d8124deb7c63eeeac0944488d3d26bd9ca3e2655a1b222e63697f",
    "b0e63026f6b3209e8c4acc83db6ba38cbdd8e2c349b4c46da76ef890b269499606fa90d2d1ab32a22600d778f5fd96d2",
    "4041ccab55c6dd4c42bc795f0f38fc0e107f3188ac413f6d90a41ce088a9fb5d5bb9616c2131ae0ecd52f26f68ce4b3e",
    "4041ccab55c6dd4c42bc795f0f38fc0e107f3188ac413f6d90a41ce088a9fb5d5bb9616c2131ae0ecd52f26f68ce4b42",
  ],
];

const F25519_ROWS: string[][] = [
  [
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec",
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeb",
    "0000000000000000000000000000000000000000000000000000000000000000",
  ],
  [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec",
    "0000000000000000000000000000000000000000000000000000000000000001",
  ],
  [
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000002",
    "0000000000000000000000000000000000000000000000000000000000000002",
    "0000000000000000000000000000000000000000000000000000000000000001",
    "0000000000000000000000000000000000000000000000000000000000000003",
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec",
  ],
  [
    "4b3a287cd71a2d77a2d191058e37ecfc5b0b5b3908bb943fb1911e86685b4782",
    "1182b31b049e6e9cb762e9654f80de3521e43965424837a3a70c02181a87bee2",
    "2012d53186f27f4b218a755b31419ee7cb1f8680253370adaeca44d5dc2ed7fd",
    "531027d1ef1a042936296efe7539da77b34764a79cb44f45411074b9835cac41",
    "5cbcdb97dbb89c145a347a6addb8cb317cef949e4b03cbe3589d209e82e30664",
    "39b77561d27bbedaeb6ea7a03eb70ec7392721d3c6735c9c0a851c6e4dd388a0",
  ],
  [
    "363a6eb7d046eda84f546ec79e2a58251dd9c722fd718c476252528c9fcea6bd",
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeb",
    "138b22905f7224af61572270c3ab4fb5c44c71ba051ce7713b5b5ae6c062b273",
    "4ea63a0026744ce3b6610a25d51e77cf958695d65460eef88e19c324940535aa",
    "363a6eb7d046eda84f546ec79e2a58251dd9c722fd718c476252528c9fcea6bb",
    "363a6eb7d046eda84f546ec79e2a58251dd9c722fd718c476252528c9fcea6bf",
  ],
];

function checkNist(c: CurveParams, rows: string[][]): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const a = limbs(row[0]), b = limbs(row[1]), o = new StaticArray<u32>(c.limbs);
    c.mul(ptr(o), ptr(a), ptr(b));
    expect(toHex(o)).toBe(row[2], "a * b");
    c.sqr(ptr(o), ptr(a));
    expect(toHex(o)).toBe(row[3], "a^2");
    c.add(ptr(o), ptr(a), ptr(b));
    expect(toHex(o)).toBe(row[4], "a + b");
    c.sub(ptr(o), ptr(a), ptr(b));
    expect(toHex(o)).toBe(row[5], "a - b");
    // in place: the output may alias an input
    c.mul(ptr(a), ptr(a), ptr(b));
    expect(toHex(a)).toBe(row[2], "a * b in place");
  }
}

describe("field arithmetic", () => {
  it("P-256: products, squares, sums and differences reduce to [0, p)", () => {
    checkNist(P256_PARAMS, P256_ROWS);
  });
  it("P-384: products, squares, sums and differences reduce to [0, p)", () => {
    checkNist(P384_PARAMS, P384_ROWS);
  });
  it("2^255 - 19: products, squares, sums and differences reduce to [0, p)", () => {
    for (let i = 0; i < F25519_ROWS.length; i++) {
      const row = F25519_ROWS[i];
      const a = limbs(row[0]), b = limbs(row[1]), o = new StaticArray<u32>(8);
      f25519Mul(ptr(o), ptr(a), ptr(b));
      expect(toHex(o)).toBe(row[2]);
      f25519Sqr(ptr(o), ptr(a));
      expect(toHex(o)).toBe(row[3]);
      f25519Add(ptr(o), ptr(a), ptr(b));
      expect(toHex(o)).toBe(row[4]);
      f25519Sub(ptr(o), ptr(a), ptr(b));
      expect(toHex(o)).toBe(row[5]);
    }
  });
  it("2^255 - 19: the largest 256-bit inputs still reduce (2^256 - 1 squared)", () => {
    // field results are always < p, but the reduction must cope with any 256-bit word
    const a = limbs("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    const o = new StaticArray<u32>(8);
    f25519Sqr(ptr(o), ptr(a));
    // (2^256 - 1) = 37 (mod p), 37^2 = 1369
    expect(toHex(o)).toBe("0000000000000000000000000000000000000000000000000000000000000559");
  });
});

// Random operands against an independent route: Montgomery products (mp.ts) with R^2 mod p made by
// doubling, and plain limb addition and subtraction. Limbs are often 0 or 2^32 - 1 so that carries and
// the final reductions are reached, not only typical values.
const rng = new Xorshift32(0x9e3779b9);
function next(): u32 {
  return rng.next();
}

function randomBelow(f: Field, o: usize): void {
  for (let i = 0; i < f.limbs; i++) {
    const r = next();
    const kind = r & 7;
    store<u32>(o + (<usize>i << 2), kind == 0 ? 0 : kind == 1 ? 0xffffffff : next());
  }
  while (mpCmp(o, f.p, f.limbs) >= 0) {
    // clear the top limb's high bit until below p (2^255 - 19 has it clear; the NIST primes set it)
    const top = o + (<usize>(f.limbs - 1) << 2);
    store<u32>(top, load<u32>(top) >>> 1);
  }
}

function checkRandom(f: Field, rounds: i32): void {
  const n = f.limbs, bytes = f.bytes;
  const a = new StaticArray<u32>(n), b = new StaticArray<u32>(n), o = new StaticArray<u32>(n);
  const expected = new StaticArray<u32>(n), r2 = new StaticArray<u32>(n), t = new StaticArray<u32>(n + 2);
  // R^2 mod p = 2^(64 n) mod p, doubling 1 modulo p
  unchecked(r2[0] = 1);
  for (let i = 0; i < 64 * n; i++) {
    if (mpAdd(ptr(r2), ptr(r2), ptr(r2), n) != 0 || mpCmp(ptr(r2), f.p, n) >= 0) mpSub(ptr(r2), ptr(r2), f.p, n);
  }
  const m0 = montInverse32(load<u32>(f.p));
  for (let i = 0; i < rounds; i++) {
    randomBelow(f, ptr(a));
    randomBelow(f, ptr(b));
    montMul(ptr(expected), ptr(a), ptr(b), f.p, n, m0, ptr(t));
    montMul(ptr(expected), ptr(expected), ptr(r2), f.p, n, m0, ptr(t));
    f.mul(ptr(o), ptr(a), ptr(b));
    expect(memory.compare(ptr(o), ptr(expected), bytes)).toBe(0, "a * b");
    montMul(ptr(expected), ptr(a), ptr(a), f.p, n, m0, ptr(t));
    montMul(ptr(expected), ptr(expected), ptr(r2), f.p, n, m0, ptr(t));
    f.sqr(ptr(o), ptr(a));
    expect(memory.compare(ptr(o), ptr(expected), bytes)).toBe(0, "a^2");
    if (mpAdd(ptr(expected), ptr(a), ptr(b), n) != 0 || mpCmp(ptr(expected), f.p, n) >= 0) mpSub(ptr(expected), ptr(expected), f.p, n);
    f.add(ptr(o), ptr(a), ptr(b));
    expect(memory.compare(ptr(o), ptr(expected), bytes)).toBe(0, "a + b");
    if (mpSub(ptr(expected), ptr(a), ptr(b), n) != 0) mpAdd(ptr(expected), ptr(expected), f.p, n);
    f.sub(ptr(o), ptr(a), ptr(b));
    expect(memory.compare(ptr(o), ptr(expected), bytes)).toBe(0, "a - b");
  }
}

describe("field arithmetic on random operands", () => {
  it("P-256 agrees with Montgomery products and limb sums", () => checkRandom(P256_PARAMS.field, 3000));
  it("P-384 agrees with Montgomery products and limb sums", () => checkRandom(P384_PARAMS.field, 3000));
  it("2^255 - 19 agrees with Montgomery products and limb sums", () => checkRandom(F25519, 3000));
});

// the P-256 group order and 2^512 mod n
const n = limbs("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const R2 = limbs("66e12d94f3d956202845b2392b6bec594699799c49bd6fa683244c95be79eea2");

describe("arithmetic modulo the group order", () => {

  it("inverts: a * a^-1 = 1 for small, random and n - 1 inputs", () => {
    const inputs = ["01", "02", "5893cfc5ea1394dc91d9b72c425f8c982a7ce4b95adad612d5e935c987bffe29",
      "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550"];
    for (let i = 0; i < inputs.length; i++) {
      const a = limbs(inputs[i].padStart(64, "0"));
      const inv = new StaticArray<u32>(8), work = new StaticArray<u32>(32), t = new StaticArray<u32>(10);
      expect(mpInvMod(ptr(inv), ptr(a), ptr(n), 8, ptr(work))).toBe(true);
      // a * inv * R^-1 * R^2 * R^-1 = a * inv
      const m0 = P256_PARAMS.nM0inv;
      montMul(ptr(inv), ptr(inv), ptr(a), ptr(n), 8, m0, ptr(t));
      montMul(ptr(inv), ptr(inv), ptr(R2), ptr(n), 8, m0, ptr(t));
      expect(toHex(inv)).toBe("0000000000000000000000000000000000000000000000000000000000000001");
    }
  });
  it("refuses to invert zero", () => {
    const zero = new StaticArray<u32>(8), o = new StaticArray<u32>(8), work = new StaticArray<u32>(32);
    expect(mpInvMod(ptr(o), ptr(zero), ptr(n), 8, ptr(work))).toBe(false);
  });
  it("Montgomery product with R^2 mod n is the plain product mod n", () => {
    // (n - 1)^2 = 1 (mod n)
    const a = limbs("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550");
    const o = new StaticArray<u32>(8), t = new StaticArray<u32>(10);
    montMul(ptr(o), ptr(a), ptr(a), ptr(n), 8, P256_PARAMS.nM0inv, ptr(t));
    montMul(ptr(o), ptr(o), ptr(R2), ptr(n), 8, P256_PARAMS.nM0inv, ptr(t));
    expect(toHex(o)).toBe("0000000000000000000000000000000000000000000000000000000000000001");
  });
  it("add and subtract report their carry and borrow", () => {
    const ones = limbs("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    const one = limbs("0000000000000000000000000000000000000000000000000000000000000001");
    const o = new StaticArray<u32>(8);
    expect(mpAdd(ptr(o), ptr(ones), ptr(one), 8)).toBe(1);
    expect(mpIsZero(ptr(o), 8)).toBe(true);
    expect(mpSub(ptr(o), ptr(o), ptr(one), 8)).toBe(1);
    expect(mpCmp(ptr(o), ptr(ones), 8)).toBe(0);
  });
});

/** Recomputes sum(d_i 2^i) from the digits, top down, with limb arithmetic. */
function fromDigits(digits: usize, count: i32, limbCount: i32): StaticArray<u32> {
  const v = new StaticArray<u32>(limbCount), small = new StaticArray<u32>(limbCount);
  for (let i = count - 1; i >= 0; i--) {
    mpAdd(ptr(v), ptr(v), ptr(v), limbCount);
    const d = <i32>load<i8>(digits + <usize>i);
    unchecked(small[0] = <u32>abs(d));
    if (d > 0) mpAdd(ptr(v), ptr(v), ptr(small), limbCount);
    if (d < 0) mpSub(ptr(v), ptr(v), ptr(small), limbCount);
  }
  return v;
}

const SCALARS = ["0000000000000000000000000000000000000000000000000000000000000001",
  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
  "ce8757cd4ced2e4abf681a94cf61429f077aa80e375378f140a0f14b3f0575f7",
  "8000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000000"];

describe("wNAF recoding", () => {
  it("digits are odd, below 2^(w-1), separated by w-1 zeros, and sum back to the scalar", () => {
    for (let w = 2; w <= 8; w++) {
      for (let s = 0; s < SCALARS.length; s++) {
        const k = limbs(SCALARS[s]);
        const digits = new StaticArray<i8>(wnafLength(8, w));
        const count = wnaf(changetype<usize>(digits), ptr(k), 8, w);
        let lastNonZero = -1000;
        for (let i = 0; i < count; i++) {
          const d = <i32>digits[i];
          if (d == 0) continue;
          expect(d & 1).toBe(1);
          expect(abs(d) < (1 << (w - 1))).toBe(true);
          expect(i - lastNonZero >= w).toBe(true);
          lastNonZero = i;
        }
        // one spare limb: the all-ones scalar recodes with a digit above bit 255
        const wide = new StaticArray<u32>(9);
        memory.copy(ptr(wide), ptr(k), 32);
        expect(toHex(fromDigits(changetype<usize>(digits), count, 9))).toBe(toHex(wide));
      }
    }
  });
});
