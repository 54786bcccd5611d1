// RsaPublicKey: which moduli and exponents are keys at all (RFC 7518 §3.3/§3.5 need 2048 bits;
// security.md case 53: 512- and 16384-bit keys, e = 1 are refused), measured exactly after leading
// zero bytes are stripped, and the strict JWK decoding.
import { RsaPublicKey } from "../../../assembly/core/crypto/rsa";
import { hexDecode } from "../../../assembly/core/encoding/hex";

function h(s: string): Uint8Array {
  return hexDecode(s)!;
}

/** An odd number of exactly `bits` bits (top bit set), in `bytes` bytes. */
function oddOfBits(bits: i32, bytes: i32 = (bits + 7) >> 3): Uint8Array {
  const n = new Uint8Array(bytes);
  n.fill(0xa5);
  const lead = bytes - ((bits + 7) >> 3);
  for (let i = 0; i < lead; i++) n[i] = 0;
  const topBits = bits - ((bits - 1) >> 3) * 8; // 1..8 bits in the leading byte
  const top = <u32>topBits;
  n[lead] = <u8>((<u32>0xa5 & ((<u32>1 << top) - 1)) | (<u32>1 << (top - 1)));
  n[bytes - 1] |= 1;
  return n;
}

const E65537 = h("010001");

// A 2048-bit modulus from node:crypto as its JWK "n".
const JWK_N =
  "tkb64VLKja0qmwYrkx9eT_1gZp78f4l75yJQuF-ETGSAdSl3403orzEhSuA8ZXmHyWjmRplT3FQhsqRX9iIszDF4hUs4I6TVHR4utXLS7f9gxfx_Z879qfNK_R1iR3XKtWHJZWzte1NMKGhre0dpv2ftpHXzk7XIyLSYlE76xuKUBQlZZgiEBdG8Z94-wPhXfQp1PCHlHQYIf_Qye1OjmDEv67hZ1y8-VUL9X_B2vLxKafG0Z7egj1ATK-brki0vfvTVzRrye0Fo4xNAUkhZQ1JQLnl0Iak8TYiZ9Feh-tHHAMjznsGblsqqaKPupHIObAk7O-sc417UAxxDVwd1Bw";

describe("RsaPublicKey", () => {
  it("accepts 2048-, 3072- and 4096-bit odd moduli, measured exactly", () => {
    for (let i = 0; i < 3; i++) {
      const bits = [2048, 3072, 4096][i];
      const key = RsaPublicKey.fromModulusExponent(oddOfBits(bits), E65537);
      expect(key).not.toBeNull();
      expect(key!.bits).toBe(bits);
      expect(key!.byteLength).toBe(bits / 8);
    }
    const odd = RsaPublicKey.fromModulusExponent(oddOfBits(2049), E65537);
    expect(odd!.bits).toBe(2049);
    expect(odd!.byteLength).toBe(257);
  });

  it("refuses a 512-bit key", () => {
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(512), E65537)).toBeNull();
  });

  it("refuses a 16384-bit key", () => {
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(16384), E65537)).toBeNull();
  });

  it("refuses 2047 and 4097 bits, even with padding bytes that make them look longer or shorter", () => {
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2047), E65537)).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2047, 256), E65537)).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2047, 300), E65537)).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(4097), E65537)).toBeNull();
  });

  it("strips leading zero bytes of n", () => {
    const key = RsaPublicKey.fromModulusExponent(oddOfBits(2048, 300), E65537);
    expect(key).not.toBeNull();
    expect(key!.bits).toBe(2048);
    expect(key!.byteLength).toBe(256);
  });

  it("refuses an even modulus", () => {
    const n = oddOfBits(2048);
    n[255] &= 0xfe;
    expect(RsaPublicKey.fromModulusExponent(n, E65537)).toBeNull();
  });

  it("refuses an empty or all-zero modulus", () => {
    expect(RsaPublicKey.fromModulusExponent(new Uint8Array(0), E65537)).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(new Uint8Array(256), E65537)).toBeNull();
  });

  it("refuses e = 1", () => {
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2048), h("01"))).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2048), h("00000001"))).toBeNull();
  });

  it("refuses an even e, e = 0 and an empty e", () => {
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2048), h("010000"))).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2048), h("02"))).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2048), h("00"))).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(oddOfBits(2048), new Uint8Array(0))).toBeNull();
  });

  it("accepts odd e from 3 to 2^32 - 1 and refuses anything wider", () => {
    const n = oddOfBits(2048);
    expect(RsaPublicKey.fromModulusExponent(n, h("03"))!.exponent).toBe(3);
    expect(RsaPublicKey.fromModulusExponent(n, h("0000010001"))!.exponent).toBe(65537);
    expect(RsaPublicKey.fromModulusExponent(n, h("ffffffff"))!.exponent).toBe(0xffffffff);
    expect(RsaPublicKey.fromModulusExponent(n, h("0100000001"))).toBeNull(); // 2^32 + 1
    expect(RsaPublicKey.fromModulusExponent(n, h("ffffffffffffffffff"))).toBeNull();
    expect(RsaPublicKey.fromModulusExponent(n, n)).toBeNull(); // e = n: odd but far too wide
  });

  it("reads a JWK n and e", () => {
    const key = RsaPublicKey.fromJwk(JWK_N, "AQAB");
    expect(key).not.toBeNull();
    expect(key!.bits).toBe(2048);
    expect(key!.exponent).toBe(65537);
  });

  it("refuses JWK values that are not strict unpadded base64url", () => {
    expect(RsaPublicKey.fromJwk(JWK_N, "AQAB=")).toBeNull();
    expect(RsaPublicKey.fromJwk(JWK_N + "=", "AQAB")).toBeNull();
    expect(RsaPublicKey.fromJwk(JWK_N.replace("-", "+"), "AQAB")).toBeNull();
    expect(RsaPublicKey.fromJwk("", "AQAB")).toBeNull();
    expect(RsaPublicKey.fromJwk(JWK_N, "")).toBeNull();
    expect(RsaPublicKey.fromJwk(JWK_N, "AQ AB")).toBeNull();
    expect(RsaPublicKey.fromJwk(JWK_N, "AQ")).toBeNull(); // e = 1
  });
});
