// RFC 5869 Appendix A test cases 1-3 (the SHA-256 ones; 4-7 use SHA-1, which we do not implement),
// and the output-length limits of §2.3.
import { hkdf, hkdfExtract, hkdfExpand } from "../../../assembly/core/crypto/hkdf";
import { HashAlg } from "../../../assembly/core/crypto/sha2";
import { hexEncode, hexDecode } from "../../../assembly/core/encoding/hex";

function hex(s: string): Uint8Array {
  return hexDecode(s)!;
}
function range(from: i32, to: i32): Uint8Array {
  const b = new Uint8Array(to - from + 1);
  for (let i = 0; i < b.length; i++) b[i] = <u8>(from + i);
  return b;
}
function repeat(v: u8, n: i32): Uint8Array {
  const b = new Uint8Array(n);
  b.fill(v);
  return b;
}

describe("HKDF RFC 5869 Appendix A", () => {
  it("A.1 basic test case with SHA-256", () => {
    const ikm = repeat(0x0b, 22);
    const salt = range(0x00, 0x0c);
    const info = range(0xf0, 0xf9);
    const prk = hkdfExtract(HashAlg.SHA256, salt, ikm);
    expect(hexEncode(prk)).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    expect(hexEncode(hkdfExpand(HashAlg.SHA256, prk, info, 42)!)).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    expect(hexEncode(hkdf(HashAlg.SHA256, ikm, salt, info, 42)!)).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  });
  it("A.2 longer inputs and outputs", () => {
    const prk = hkdfExtract(HashAlg.SHA256, range(0x60, 0xaf), range(0x00, 0x4f));
    expect(hexEncode(prk)).toBe("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
    expect(hexEncode(hkdf(HashAlg.SHA256, range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82)!)).toBe(
      "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
  });
  it("A.3 zero-length salt and info", () => {
    const ikm = repeat(0x0b, 22);
    const prk = hkdfExtract(HashAlg.SHA256, new Uint8Array(0), ikm);
    expect(hexEncode(prk)).toBe("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    expect(hexEncode(hkdf(HashAlg.SHA256, ikm, new Uint8Array(0), new Uint8Array(0), 42)!)).toBe(
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  });
});

describe("HKDF output length (RFC 5869 §2.3)", () => {
  it("allows exactly 255 * HashLen bytes", () => {
    expect(hkdf(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), 255 * 32)!.length).toBe(255 * 32);
    expect(hkdf(HashAlg.SHA384, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), 255 * 48)!.length).toBe(255 * 48);
    expect(hkdf(HashAlg.SHA512, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), 255 * 64)!.length).toBe(255 * 64);
  });
  it("refuses one byte more, negative lengths and huge lengths", () => {
    expect(hkdf(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), 255 * 32 + 1)).toBeNull();
    expect(hkdf(HashAlg.SHA512, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), 255 * 64 + 1)).toBeNull();
    expect(hkdf(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), -1)).toBeNull();
    expect(hkdf(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), i32.MIN_VALUE)).toBeNull();
    expect(hkdf(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), i32.MAX_VALUE)).toBeNull();
  });
  it("gives an empty result for length 0", () => {
    expect(hkdf(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), new Uint8Array(0), 0)!.length).toBe(0);
  });
  it("refuses a PRK shorter than HashLen in Expand", () => {
    expect(hkdfExpand(HashAlg.SHA256, repeat(1, 31), new Uint8Array(0), 32)).toBeNull();
    expect(hkdfExpand(HashAlg.SHA512, repeat(1, 32), new Uint8Array(0), 32)).toBeNull();
    expect(hkdfExpand(HashAlg.SHA256, repeat(1, 32), new Uint8Array(0), 32)).not.toBeNull();
  });
  it("a shorter output is a prefix of a longer one", () => {
    const long = hexEncode(hkdf(HashAlg.SHA384, repeat(7, 20), repeat(9, 5), repeat(3, 4), 100)!);
    const short = hexEncode(hkdf(HashAlg.SHA384, repeat(7, 20), repeat(9, 5), repeat(3, 4), 49)!);
    expect(long.slice(0, 98)).toBe(short);
  });
});
