// ES256 / ES384 verification: RFC 6979 appendix A.2.5 (P-256) and A.2.6 (P-384) signatures as
// known answers, the JOSE signature format and range rules, and public-key validation.
import { Curve, EcPublicKey, ecdsaVerify, ecdsaVerifyDigest } from "../../../assembly/core/crypto/ecdsa";
import { sha256, sha384, sha512 } from "../../../assembly/core/crypto/sha2";
import { hexDecode } from "../../../assembly/core/encoding/hex";

function h(s: string): Uint8Array {
  return hexDecode(s)!;
}

function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

// RFC 6979 A.2.5: P-256 key
const P256_UX = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const P256_UY = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
// With SHA-256, message "sample" and "test" (r || s)
const P256_SAMPLE = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
  + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
const P256_TEST = "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
  + "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";
// With SHA-512, message "sample": the 512-bit digest is truncated to its leftmost 256 bits
const P256_SAMPLE_SHA512 = "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f00"
  + "2362ab1adbe2b8adf9cb9edab740ea6049c028114f2460f96554f61fae3302fe";

// RFC 6979 A.2.6: P-384 key, SHA-384 signatures of "sample" and "test"
const P384_UX = "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc13";
const P384_UY = "8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720";
const P384_SAMPLE = "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46"
  + "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8";
const P384_TEST = "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023db"
  + "ddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5";

const P256_N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P256_P = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const ZERO32 = "0000000000000000000000000000000000000000000000000000000000000000";
const ONES32 = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

function p256(): EcPublicKey {
  return EcPublicKey.fromCoordinates(Curve.P256, h(P256_UX), h(P256_UY))!;
}

function p384(): EcPublicKey {
  return EcPublicKey.fromCoordinates(Curve.P384, h(P384_UX), h(P384_UY))!;
}

describe("ECDSA known answers (RFC 6979 A.2.5, A.2.6)", () => {
  it("verifies the P-256 / SHA-256 signatures of \"sample\" and \"test\"", () => {
    expect(ecdsaVerify(p256(), utf8("sample"), h(P256_SAMPLE))).toBe(true);
    expect(ecdsaVerify(p256(), utf8("test"), h(P256_TEST))).toBe(true);
  });
  it("verifies the P-384 / SHA-384 signatures of \"sample\" and \"test\"", () => {
    expect(ecdsaVerify(p384(), utf8("sample"), h(P384_SAMPLE))).toBe(true);
    expect(ecdsaVerify(p384(), utf8("test"), h(P384_TEST))).toBe(true);
  });
  it("rejects a signature over another message, or swapped between the two", () => {
    expect(ecdsaVerify(p256(), utf8("samplf"), h(P256_SAMPLE))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("test"), h(P256_SAMPLE))).toBe(false);
    expect(ecdsaVerify(p384(), utf8("sample"), h(P384_TEST))).toBe(false);
  });
  it("verifies over a caller's digest, truncating one longer than the order (SEC 1 §4.1.4)", () => {
    expect(ecdsaVerifyDigest(p256(), sha256(utf8("sample")), h(P256_SAMPLE))).toBe(true);
    expect(ecdsaVerifyDigest(p256(), sha512(utf8("sample")), h(P256_SAMPLE_SHA512))).toBe(true);
    expect(ecdsaVerifyDigest(p384(), sha384(utf8("test")), h(P384_TEST))).toBe(true);
    expect(ecdsaVerifyDigest(p256(), new Uint8Array(0), h(P256_SAMPLE))).toBe(false);
  });
  it("uses the hash JOSE ties to the curve: SHA-384 for P-384, not SHA-256", () => {
    expect(ecdsaVerifyDigest(p384(), sha256(utf8("sample")), h(P384_SAMPLE))).toBe(false);
  });
});

describe("ECDSA signature format and ranges", () => {
  it("rejects r = s = 0 (CVE-2022-21449)", () => {
    expect(ecdsaVerify(p256(), utf8("sample"), new Uint8Array(64))).toBe(false);
    expect(ecdsaVerify(p384(), utf8("sample"), new Uint8Array(96))).toBe(false);
  });
  it("rejects r = 0 or s = 0 alone, r or s equal to n, and all-0xff", () => {
    const s = P256_SAMPLE.slice(64);
    const r = P256_SAMPLE.slice(0, 64);
    expect(ecdsaVerify(p256(), utf8("sample"), h(ZERO32 + s))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(r + ZERO32))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(P256_N + s))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(r + P256_N))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(ONES32 + ONES32))).toBe(false);
  });
  it("rejects a DER-encoded signature and any length other than 2 * 32 (2 * 48)", () => {
    const der = "3045022100" + P256_SAMPLE.slice(0, 64) + "022100" + P256_SAMPLE.slice(64);
    expect(ecdsaVerify(p256(), utf8("sample"), h(der))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(P256_SAMPLE.slice(0, 126)))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(P256_SAMPLE + "00"))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h("00" + P256_SAMPLE))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), new Uint8Array(0))).toBe(false);
    expect(ecdsaVerify(p384(), utf8("sample"), h(P256_SAMPLE))).toBe(false);
    expect(ecdsaVerify(p256(), utf8("sample"), h(P384_SAMPLE))).toBe(false);
  });
});

describe("EC public keys", () => {
  it("accepts the RFC 6979 keys and the JWK form of the P-256 one", () => {
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(P256_UX), h(P256_UY))).not.toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P384, h(P384_UX), h(P384_UY))).not.toBeNull();
    const jwk = EcPublicKey.fromJwk("P-256", "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y", "eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk");
    expect(jwk).not.toBeNull();
    if (jwk !== null) expect(ecdsaVerify(jwk, utf8("sample"), h(P256_SAMPLE))).toBe(true);
  });
  it("rejects a point off the curve (invalid-curve attacks)", () => {
    const y1 = P256_UY.slice(0, 62) + "9a"; // y + 1
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(P256_UX), h(y1))).toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P384, h(P256_UX + P256_UX.slice(0, 32)), h(P384_UY))).toBeNull();
    // a valid P-256 point is not a P-384 point (and the lengths differ anyway)
    expect(EcPublicKey.fromCoordinates(Curve.P384, h(P256_UX), h(P256_UY))).toBeNull();
  });
  it("rejects (0, 0), all-0xff and coordinates equal to p", () => {
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(ZERO32), h(ZERO32))).toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(ONES32), h(ONES32))).toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(P256_P), h(P256_UY))).toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(P256_UX), h(P256_P))).toBeNull();
  });
  it("rejects x + p, the same point with an out-of-range coordinate", () => {
    // x and y must be below p; reduction mod p would map a 33-byte x + p back onto the curve
    expect(EcPublicKey.fromCoordinates(Curve.P256, h("01" + P256_UX), h(P256_UY))).toBeNull();
  });
  it("rejects coordinates that are not exactly the field length (RFC 7518 §6.2.1.2)", () => {
    expect(EcPublicKey.fromCoordinates(Curve.P256, h(P256_UX.slice(2)), h(P256_UY))).toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P256, h("00" + P256_UX), h(P256_UY))).toBeNull();
    expect(EcPublicKey.fromCoordinates(Curve.P256, new Uint8Array(0), new Uint8Array(0))).toBeNull();
  });
  it("rejects a JWK with an unknown crv or non-base64url coordinates", () => {
    const x = "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y";
    const y = "eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk";
    expect(EcPublicKey.fromJwk("P-384", x, y)).toBeNull();
    expect(EcPublicKey.fromJwk("P-521", x, y)).toBeNull();
    expect(EcPublicKey.fromJwk("p-256", x, y)).toBeNull();
    expect(EcPublicKey.fromJwk("", x, y)).toBeNull();
    expect(EcPublicKey.fromJwk("P-256", x + "=", y)).toBeNull();
    expect(EcPublicKey.fromJwk("P-256", "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y+", y)).toBeNull();
    expect(EcPublicKey.fromJwk("P-256", "", "")).toBeNull();
  });
});
