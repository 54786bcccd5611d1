// Point arithmetic and double-scalar multiplication on P-256 and P-384. Known multiples kG were computed
// with exact integer arithmetic (JavaScript BigInt, affine formulas) and pasted; 2G matches the
// published P-256 value. The G tables (built on first use) are checked against the per-call table path
// and, for their last entry, against a BigInt value.
import { Arena } from "../../../assembly/core/crypto/ec/mp";
import { CurveParams, P256_PARAMS, P384_PARAMS } from "../../../assembly/core/crypto/ec/curve";
import { Jacobian } from "../../../assembly/core/crypto/ec/jacobian";
import { mpFromBytesBE, mpInvMod, mpSub, mpToBytesBE } from "../../../assembly/core/crypto/ec/mp";
import { mulDoubleBase } from "../../../assembly/core/crypto/ec/shamir";
import { G_WINDOW, baseTable } from "../../../assembly/core/crypto/ec/nist_table";
import { hexDecode, hexEncode } from "../../../assembly/core/encoding/hex";

function scalar(c: CurveParams, arena: Arena, hex: string): usize {
  const out = arena.take(c.bytes);
  mpFromBytesBE(out, hexDecode(hex.padStart(2 * c.bytes, "0"))!.dataStart, c.limbs);
  return out;
}

function hexOf(c: CurveParams, a: usize): string {
  const bytes = new Uint8Array(c.bytes);
  mpToBytesBE(bytes.dataStart, a, c.limbs);
  return hexEncode(bytes);
}

/** "x,y" of a Jacobian point in affine form, or "infinity". */
function affine(c: CurveParams, jac: Jacobian, arena: Arena, p: usize): string {
  if (jac.isInfinity(p)) return "infinity";
  const zi = arena.take(c.bytes), t = arena.take(c.bytes), x = arena.take(c.bytes), y = arena.take(c.bytes);
  mpInvMod(zi, p + 2 * jac.size, c.p, c.limbs, arena.take(4 * c.bytes));
  c.sqr(t, zi);
  c.mul(x, p, t);
  c.mul(t, t, zi);
  c.mul(y, p + jac.size, t);
  return hexOf(c, x) + "," + hexOf(c, y);
}

/** u1*G + u2*Q with Q = G, as affine text. */
function combo(c: CurveParams, u1: string, u2: string): string {
  const arena = new Arena();
  const jac = new Jacobian(c, arena);
  const out = jac.newPoint(arena);
  mulDoubleBase(jac, arena, out, scalar(c, arena, u1), scalar(c, arena, u2), c.gx, c.gy);
  return affine(c, jac, arena, out);
}

function nMinus(c: CurveParams, k: u32): string {
  const arena = new Arena();
  const small = arena.take(c.bytes), out = arena.take(c.bytes);
  store<u32>(small, k);
  mpSub(out, c.n, small, c.limbs);
  return hexOf(c, out);
}

// k, (kG).x, (kG).y
const P256_MULTIPLES: string[][] = [
  [
    "0000000000000000000000000000000000000000000000000000000000000002",
    "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978",
    "07775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1",
  ],
  [
    "0000000000000000000000000000000000000000000000000000000000000003",
    "5ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c",
    "8734640c4998ff7e374b06ce1a64a2ecd82ab036384fb83d9a79b127a27d5032",
  ],
  [
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63254f",
    "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978",
    "f888aaee24712fc0d6c26539608bcf244582521ac3167dd661fb4862dd878c2e",
  ],
  [
    "ce8757cd4ced2e4abf681a94cf61429f077aa80e375378f140a0f14b3f0575f7",
    "cc10351a6cc0751d0f2904fb7868f0321120fc47bd2d285dc290d0d299668e8a",
    "40ecdc8b74295c34d40da5264a81066337a177f3f67099ddfe00baa767e3649a",
  ],
];

const P384_MULTIPLES: string[][] = [
  [
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002",
    "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61",
    "8e80f1fa5b1b3cedb7bfe8dffd6dba74b275d875bc6cc43e904e505f256ab4255ffd43e94d39e22d61501e700a940e80",
  ],
  [
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003",
    "077a41d4606ffa1464793c7e5fdc7d98cb9d3910202dcd06bea4f240d3566da6b408bbae5026580d02d7e5c70500c831",
    "c995f7ca0b0c42837d0bbe9602a9fc998520b41c85115aa5f7684c0edc111eacc24abd6be4b5d298b65f28600a2f1df1",
  ],
  [
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52971",
    "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61",
    "717f0e05a4e4c312484017200292458b4d8a278a43933bc16fb1afa0da954bd9a002bc15b2c61dd29eafe190f56bf17f",
  ],
  [
    "abbdbcb1e6634d15912b47efe7464d40a7067366716e91e2ded87398ab5896d263622c0607783f7ff0d62a91bcfb8997",
    "77dec3f881886daba3db22f673a499b2f859beb8b15946f605a40ee782af12031557861d1b4b5d5d64a8414144bbd72e",
    "c5f7561234e6cdd80e74eff810221157ad0c471254c80ebf6b1e6b6e12a3bbdcbdbdff48daace61844f5455ebd98bab3",
  ],
];

function checkOrder(c: CurveParams): void {
  expect(combo(c, nMinus(c, 1), "01")).toBe("infinity");
  expect(combo(c, "01", nMinus(c, 1))).toBe("infinity");
}

function checkMinusG(c: CurveParams): void {
  const arena = new Arena();
  const negY = arena.take(c.bytes);
  c.neg(negY, c.gy);
  expect(combo(c, nMinus(c, 1), "00")).toBe(hexOf(c, c.gx) + "," + hexOf(c, negY));
}

function checkMultiples(c: CurveParams, multiples: string[][]): void {
  for (let i = 0; i < multiples.length; i++) {
    const m = multiples[i];
    const expected = m[1] + "," + m[2];
    expect(combo(c, m[0], "00")).toBe(expected, "k*G");
    expect(combo(c, "00", m[0])).toBe(expected, "k*Q with Q = G");
  }
  // 3G = 1G + 2G = 2G + 1G, and (n - 2)G = (n - 1)G + (n - 1)G: doubling reached through an addition
  expect(combo(c, "01", "02")).toBe(multiples[1][1] + "," + multiples[1][2]);
  expect(combo(c, "02", "01")).toBe(multiples[1][1] + "," + multiples[1][2]);
  expect(combo(c, nMinus(c, 1), nMinus(c, 1))).toBe(multiples[2][1] + "," + multiples[2][2]);
  expect(combo(c, "00", "00")).toBe("infinity");
}

function checkTable(c: CurveParams, last: string): void {
  const count = 1 << (G_WINDOW - 2);
  const table = baseTable(c);
  expect(baseTable(c)).toBe(table, "built once, then reused");
  for (let i = 0; i < count; i++) {
    const entry = table + <usize>(i * 2 * c.bytes);
    const k = (2 * i + 1).toString(16);
    const expected = hexOf(c, entry) + "," + hexOf(c, entry + <usize>c.bytes);
    expect(combo(c, "00", k.length & 1 ? "0" + k : k)).toBe(expected);
    if (i == count - 1) expect(expected).toBe(last, "63G from scripts/ec-gen/consts.mjs");
  }
}

// 63G, computed with BigInt affine arithmetic (scripts/ec-gen/consts.mjs)
const P256_63G = "6a9501d85bf5dc802a1f28a08acc7d8fdf53c8af01a7cd3832a290825d8bdac1," +
  "ca640ad19347374381c6c6e44a3c56a3f8461b5c697a6f3530aff53d5f1ef1a3";
const P384_63G = "b32e89eb942aab112cae508f5164ca6cac334769de358b333c968cfbb83c8f7b941560583def5431afd574f7e008f8af," +
  "b1e3ae7166d9710324e2bf69603ffd5ba770fc48b73edc0679cddd7a0499009535daedff59e74a1ac81abe0944e11e2c";

function checkExceptionalAdditions(c: CurveParams): void {
  const arena = new Arena();
  const jac = new Jacobian(c, arena);
  const g = jac.newPoint(arena), twoG = jac.newPoint(arena), o = jac.newPoint(arena), negG = jac.newPoint(arena);
  jac.setAffine(g, c.gx, c.gy);
  jac.double(twoG, g);
  jac.add(o, g, g);
  expect(affine(c, jac, arena, o)).toBe(affine(c, jac, arena, twoG));
  jac.copy(negG, g);
  c.neg(negG + jac.size, c.gy);
  jac.add(o, g, negG);
  expect(jac.isInfinity(o)).toBe(true);
  jac.addAffine(o, g, c.gx, c.gy, true);
  expect(jac.isInfinity(o)).toBe(true);
  jac.addAffine(o, g, c.gx, c.gy, false);
  expect(affine(c, jac, arena, o)).toBe(affine(c, jac, arena, twoG));
  jac.setInfinity(o);
  jac.add(o, o, g);
  expect(affine(c, jac, arena, o)).toBe(hexOf(c, c.gx) + "," + hexOf(c, c.gy));
}

describe("P-256 points", () => {
  it("n*G is the point at infinity: (n - 1)G + G cancels", () => checkOrder(P256_PARAMS));
  it("(n - 1)G = -G", () => checkMinusG(P256_PARAMS));
  it("known multiples kG via the G table, the per-call Q table, and split", () => checkMultiples(P256_PARAMS, P256_MULTIPLES));
  it("every entry of the G table is the odd multiple it claims to be", () => checkTable(P256_PARAMS, P256_63G));
  it("P + P doubles and P + (-P) is infinity, for Jacobian and affine addends", () => checkExceptionalAdditions(P256_PARAMS));
});

describe("P-384 points", () => {
  it("n*G is the point at infinity: (n - 1)G + G cancels", () => checkOrder(P384_PARAMS));
  it("(n - 1)G = -G", () => checkMinusG(P384_PARAMS));
  it("known multiples kG via the G table, the per-call Q table, and split", () => checkMultiples(P384_PARAMS, P384_MULTIPLES));
  it("every entry of the G table is the odd multiple it claims to be", () => checkTable(P384_PARAMS, P384_63G));
  it("P + P doubles and P + (-P) is infinity, for Jacobian and affine addends", () => checkExceptionalAdditions(P384_PARAMS));
});
