// Ed25519 verification: the RFC 8032 §7.1 test vectors, single-bit corruptions, the encoding rules for
// S, A and R, lengths, and the base-point table (built on first use).
import { ed25519Verify } from "../../../assembly/core/crypto/ed25519";
import { Arena } from "../../../assembly/core/crypto/ec/mp";
import { D2, EXTENDED_BYTES, Edwards, FE } from "../../../assembly/core/crypto/ec/edwards";
import { ED25519_B_WINDOW, ed25519BaseTable } from "../../../assembly/core/crypto/ec/ed25519_table";
import { f25519Add, f25519Mul, f25519Sub } from "../../../assembly/core/crypto/ec/f25519";
import { f25519Invert } from "../../../assembly/core/crypto/ec/f25519_pow";
import { hexDecode, hexEncode } from "../../../assembly/core/encoding/hex";

function h(s: string): Uint8Array {
  return hexDecode(s)!;
}

// RFC 8032 §7.1: name, public key, message, signature
const RFC8032: string[][] = [
  [
    "TEST 1",
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    "",
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  ],
  [
    "TEST 2",
    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    "72",
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
      + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  ],
  [
    "TEST 3",
    "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    "af82",
    "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
      + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  ],
  [
    "TEST 1024",
    "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
    "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1"
      + "e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
      + "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a"
      + "7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
      + "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10"
      + "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
      + "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d"
      + "502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
      + "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b"
      + "eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
      + "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
      + "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
      + "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d"
      + "cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
      + "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7"
      + "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
      + "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09"
      + "43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
      + "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161"
      + "0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
      + "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca"
      + "c60c905c15fc910840b94c00a0b9d0",
    "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
      + "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03",
  ],
  [
    "TEST SHA(abc)",
    "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
      + "454d4423643ce80e2a9ac94fa54ca49f",
    "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
      + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
  ],
];

function flipped(b: Uint8Array, bit: i32): Uint8Array {
  const c = b.slice();
  const i = bit >> 3;
  const mask: i32 = 1 << (bit & 7);
  c[i] = c[i] ^ <u8>mask;
  return c;
}

const TEST1_PK = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const TEST1_R = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155";
const TEST1_S = "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
// TEST 1's S + L, and L itself, little-endian: the same scalar mod L, but not canonical
const TEST1_S_PLUS_L = "4c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b";
const L_LE = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
// p and p + 1 as encodings of y (little-endian, sign bit clear): y >= p is not canonical
const P_LE = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
const P_PLUS_1_LE = "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
// the neutral element (0, 1) and the point (0, -1) of order 2
const NEUTRAL = "0100000000000000000000000000000000000000000000000000000000000000";
const ORDER2 = "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";

describe("Ed25519 known answers (RFC 8032 §7.1)", () => {
  it("verifies TEST 1, 2, 3, 1024 and SHA(abc)", () => {
    for (let i = 0; i < RFC8032.length; i++) {
      const v = RFC8032[i];
      expect(ed25519Verify(h(v[1]), h(v[2]), h(v[3]))).toBe(true, v[0]);
    }
  });
  it("rejects every vector with one bit of the signature, message or key flipped", () => {
    for (let i = 0; i < RFC8032.length; i++) {
      const v = RFC8032[i];
      const pk = h(v[1]), msg = h(v[2]), sig = h(v[3]);
      for (let bit = 0; bit < 512; bit += 7) expect(ed25519Verify(pk, msg, flipped(sig, bit))).toBe(false, v[0]);
      for (let bit = 0; bit < 256; bit += 5) expect(ed25519Verify(flipped(pk, bit), msg, sig)).toBe(false, v[0]);
      if (msg.length > 0) expect(ed25519Verify(pk, flipped(msg, msg.length * 8 - 1), sig)).toBe(false, v[0]);
    }
  });
});

describe("Ed25519 encodings", () => {
  it("rejects S >= L: S + L verifies mathematically but is malleable (RFC 8032 §5.1.7)", () => {
    const pk = h(TEST1_PK), msg = new Uint8Array(0);
    expect(ed25519Verify(pk, msg, h(TEST1_R + TEST1_S))).toBe(true);
    expect(ed25519Verify(pk, msg, h(TEST1_R + TEST1_S_PLUS_L))).toBe(false);
    expect(ed25519Verify(pk, msg, h(TEST1_R + L_LE))).toBe(false);
    expect(ed25519Verify(pk, msg, h(TEST1_R + "ff".repeat(32)))).toBe(false);
  });
  it("rejects public keys with y >= p, all-0xff, and points with no x", () => {
    const sig = h(TEST1_R + TEST1_S), msg = new Uint8Array(0);
    expect(ed25519Verify(h(P_LE), msg, sig)).toBe(false);
    expect(ed25519Verify(h(P_PLUS_1_LE), msg, sig)).toBe(false);
    expect(ed25519Verify(h("ff".repeat(32)), msg, sig)).toBe(false);
    // y = 2: (y^2 - 1) / (d y^2 + 1) is not a square
    expect(ed25519Verify(h("02" + "00".repeat(31)), msg, sig)).toBe(false);
  });
  it("rejects small-order public keys, with which a zero signature verifies some messages", () => {
    // with A = (sqrt(-1), 0) (encoded as 32 zero bytes) and R = A, S = 0: [0]B - [k]A = A when k = 3 mod 4
    const zero = new Uint8Array(32), zeroSig = new Uint8Array(64);
    expect(ed25519Verify(zero, Uint8Array.wrap(String.UTF8.encode("b")), zeroSig)).toBe(false);
    expect(ed25519Verify(h(NEUTRAL), new Uint8Array(0), h(NEUTRAL + "00".repeat(32)))).toBe(false);
    expect(ed25519Verify(h(ORDER2), new Uint8Array(0), h(NEUTRAL + "00".repeat(32)))).toBe(false);
  });
  it("rejects x = 0 with the sign bit set (\"-0\", RFC 8032 §5.1.3 step 4)", () => {
    const negZero = "01" + "00".repeat(30) + "80";
    expect(ed25519Verify(h(negZero), new Uint8Array(0), h(TEST1_R + TEST1_S))).toBe(false);
  });
  it("rejects keys and signatures of the wrong length, and never traps on empty input", () => {
    const pk = h(TEST1_PK), sig = h(TEST1_R + TEST1_S), msg = new Uint8Array(0);
    expect(ed25519Verify(pk.slice(0, 31), msg, sig)).toBe(false);
    expect(ed25519Verify(h(TEST1_PK + "00"), msg, sig)).toBe(false);
    expect(ed25519Verify(pk, msg, sig.slice(0, 63))).toBe(false);
    expect(ed25519Verify(pk, msg, h(TEST1_R + TEST1_S + "00"))).toBe(false);
    expect(ed25519Verify(new Uint8Array(0), msg, new Uint8Array(0))).toBe(false);
  });
});

/** Whether table entry i holds (y + x, y - x, 2dxy) of the affine point (X/Z, Y/Z). */
function matchesEntry(p: usize, i: i32, arena: Arena): bool {
  const zi = arena.take(32), x = arena.take(32), y = arena.take(32), t = arena.take(32);
  f25519Invert(zi, p + 2 * FE, arena.take(5 * 32));
  f25519Mul(x, p, zi);
  f25519Mul(y, p + FE, zi);
  const entry = ed25519BaseTable() + <usize>(i * 96);
  f25519Add(t, y, x);
  if (memory.compare(t, entry, 32) != 0) return false;
  f25519Sub(t, y, x);
  if (memory.compare(t, entry + 32, 32) != 0) return false;
  f25519Mul(t, x, y);
  f25519Mul(t, t, D2);
  return memory.compare(t, entry + 64, 32) == 0;
}

describe("Ed25519 base-point table", () => {
  it("holds B, 3B, 5B, ... as the point code computes them", () => {
    const arena = new Arena();
    const ed = new Edwards(arena);
    // B from RFC 8032 §5.1: y = 4/5, x even; affine coordinates as extended (x, y, 1, xy)
    const b = arena.take(EXTENDED_BYTES);
    memory.copy(b, h("1ad5258f602d56c9b2a7259560c72c695cdcd6fd31e2a4c0fe536ecdd3366921").dataStart, 32);
    memory.copy(b + FE, h("5866666666666666666666666666666666666666666666666666666666666666").dataStart, 32);
    store<u32>(b + 2 * FE, 1);
    f25519Mul(b + 3 * FE, b, b + FE);
    const twoB = arena.take(EXTENDED_BYTES), twoBCached = arena.take(EXTENDED_BYTES), acc = arena.take(EXTENDED_BYTES);
    ed.double(twoB, b, true);
    ed.toCached(twoBCached, twoB);
    memory.copy(acc, b, EXTENDED_BYTES);
    const count = 1 << (ED25519_B_WINDOW - 2);
    for (let i = 0; i < count; i++) {
      expect(matchesEntry(acc, i, arena)).toBe(true, (2 * i + 1).toString() + "B");
      ed.addCached(acc, acc, twoBCached, false);
    }
  });
  it("its last entry, 63B, matches BigInt arithmetic (scripts/ec-gen/edconsts.mjs), and it is built once", () => {
    const table = ed25519BaseTable();
    expect(ed25519BaseTable()).toBe(table);
    const last = Uint8Array.wrap(changetype<ArrayBuffer>(table), 31 * 96, 96);
    expect(hexEncode(last)).toBe(
      "b61a70dd694739b3a58dcf19d4deb8e252c82afd6141df15be247d018acae27a" +
      "6fc26b7c3952f3dd1301d553cce2977a30a379bf3af4747cfcade226ad97ad31" +
      "62b92009ed17e8b79dda193fcc18851e640a56254fc191e4832c62a653fcd11e");
  });
});
