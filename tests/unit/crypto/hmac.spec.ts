// RFC 4231 §4 test cases 1-7 for HMAC-SHA-256/384/512 (case 5 is checked on its first 128 bits, as
// the RFC truncates it), plus the key-handling edge cases of RFC 2104 §2.
import { hmac, hmacVerify, Hmac } from "../../../assembly/core/crypto/hmac";
import { HashAlg } from "../../../assembly/core/crypto/sha2";
import { hexEncode, hexDecode } from "../../../assembly/core/encoding/hex";

function ascii(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}
function repeat(v: u8, n: i32): Uint8Array {
  const b = new Uint8Array(n);
  b.fill(v);
  return b;
}
function hex(s: string): Uint8Array {
  return hexDecode(s)!;
}

class Case {
  constructor(public key: Uint8Array, public data: Uint8Array, public s256: string, public s384: string, public s512: string) {}
}

function cases(): Case[] {
  const key4 = new Uint8Array(25);
  for (let i = 0; i < 25; i++) key4[i] = <u8>(i + 1);
  return [
    new Case(repeat(0x0b, 20), ascii("Hi There"),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
    new Case(ascii("Jefe"), ascii("what do ya want for nothing?"),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
    new Case(repeat(0xaa, 20), repeat(0xdd, 50),
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
      "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
      "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
    new Case(key4, repeat(0xcd, 50),
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
      "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
      "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
    new Case(repeat(0x0c, 20), ascii("Test With Truncation"),
      "a3b6167473100ee06e0c796c2955552b",
      "3abf34c3503b2a23a46efc619baef897",
      "415fad6271580a531d4179bc891d87a6"),
    new Case(repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
    new Case(repeat(0xaa, 131), ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
      "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
      "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
  ];
}

function check(alg: HashAlg, c: Case, expected: string): void {
  const mac = hexEncode(hmac(alg, c.key, c.data));
  expect(mac.slice(0, expected.length)).toBe(expected);
}

describe("HMAC RFC 4231 §4", () => {
  it("HMAC-SHA-256 test cases 1-7", () => {
    const all = cases();
    for (let i = 0; i < all.length; i++) check(HashAlg.SHA256, all[i], all[i].s256);
  });
  it("HMAC-SHA-384 test cases 1-7", () => {
    const all = cases();
    for (let i = 0; i < all.length; i++) check(HashAlg.SHA384, all[i], all[i].s384);
  });
  it("HMAC-SHA-512 test cases 1-7", () => {
    const all = cases();
    for (let i = 0; i < all.length; i++) check(HashAlg.SHA512, all[i], all[i].s512);
  });
});

describe("HMAC key handling (RFC 2104 §2)", () => {
  it("treats a key of exactly one block as is, and one byte longer as hashed", () => {
    // Differences here would show up as mismatches against the precomputed hashed-key form.
    const k64 = repeat(0x11, 64);
    const k65 = repeat(0x11, 65);
    expect(hexEncode(hmac(HashAlg.SHA256, k64, ascii("m")))).not.toBe(hexEncode(hmac(HashAlg.SHA256, k65, ascii("m"))));
  });
  it("an empty key equals a key of zero bytes up to the block length", () => {
    const a = hmac(HashAlg.SHA256, new Uint8Array(0), ascii("m"));
    const b = hmac(HashAlg.SHA256, new Uint8Array(64), ascii("m"));
    expect(hexEncode(a)).toBe(hexEncode(b));
  });
  it("a reused Hmac key gives the same MAC every time and matches incremental input", () => {
    const key = new Hmac(HashAlg.SHA512, ascii("Jefe"));
    const msg = ascii("what do ya want for nothing?");
    expect(hexEncode(key.mac(msg))).toBe(hexEncode(key.mac(msg)));
    const run = key.start();
    run.update(msg.subarray(0, 7));
    run.update(msg.subarray(7));
    expect(hexEncode(run.digest())).toBe(hexEncode(key.mac(msg)));
  });
});

describe("HMAC verify", () => {
  it("accepts the right tag and rejects every single-bit flip", () => {
    const key = ascii("Jefe");
    const msg = ascii("what do ya want for nothing?");
    const tag = hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(hmacVerify(HashAlg.SHA256, key, msg, tag)).toBe(true);
    for (let bit = 0; bit < 256; bit++) {
      const bad = tag.slice(0);
      bad[bit >> 3] = bad[bit >> 3] ^ <u8>(<i32>1 << (bit & 7));
      expect(hmacVerify(HashAlg.SHA256, key, msg, bad)).toBe(false);
    }
  });
  it("rejects truncated, extended and empty tags", () => {
    const key = ascii("Jefe");
    const msg = ascii("what do ya want for nothing?");
    const tag = hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(hmacVerify(HashAlg.SHA256, key, msg, tag.subarray(0, 16))).toBe(false);
    expect(hmacVerify(HashAlg.SHA256, key, msg, new Uint8Array(0))).toBe(false);
    const longer = new Uint8Array(33);
    longer.set(tag);
    expect(hmacVerify(HashAlg.SHA256, key, msg, longer)).toBe(false);
  });
});
