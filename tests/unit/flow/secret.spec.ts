import { decodeCookieSecret, MIN_SECRET_BYTES } from "../../../assembly/core/config/secret";
import { base64Encode, base64UrlEncode } from "../../../assembly/core/encoding/base64";

function randomish(n: i32): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = ((i * 73 + 11) & 0xff) as u8;
  return b;
}

describe("decodeCookieSecret", () => {
  it("refuses an empty secret", () => {
    const r = decodeCookieSecret("");
    expect(r.bytes).toBeNull();
    expect(r.error.length).toBeGreaterThan(0);
  });
  it("refuses a short raw secret (31 bytes)", () => {
    expect(decodeCookieSecret("Zq7vN3xT9pLm2Wk8Rb5Yc1Hd6Gf4Js0").bytes).toBeNull();
  });
  it("accepts a 32-byte raw secret as its UTF-8 bytes", () => {
    const r = decodeCookieSecret("Zq7vN3xT9pLm2Wk8Rb5Yc1Hd6Gf4Js0Q");
    expect(r.bytes!.length).toBe(32);
    expect(r.bytes![0]).toBe(0x5a);
  });
  it("decodes standard base64 of 32 bytes (openssl rand -base64 32)", () => {
    const raw = randomish(32);
    const r = decodeCookieSecret(base64Encode(raw));
    expect(r.bytes!.length).toBe(32);
    expect(r.bytes![5]).toBe(raw[5]);
  });
  it("decodes unpadded base64url of 32 bytes", () => {
    const raw = randomish(32);
    const r = decodeCookieSecret(base64UrlEncode(raw));
    expect(r.bytes!.length).toBe(32);
    expect(r.bytes![31]).toBe(raw[31]);
  });
  it("reads 32 base64 characters of only 24 bytes as a 32-byte raw secret", () => {
    // 32 base64 characters look long enough but carry only 192 bits. The secret falls back to its
    // raw characters, which is still 32 bytes: accepted, with the 32 characters as the key.
    const r = decodeCookieSecret(base64Encode(randomish(24)));
    expect(r.bytes!.length).toBe(32);
  });
  it("refuses placeholders whatever their length", () => {
    expect(decodeCookieSecret("changeme-changeme-changeme-changeme").bytes).toBeNull();
    expect(decodeCookieSecret("CHANGE-ME-please-0123456789abcdefgh").bytes).toBeNull();
    expect(decodeCookieSecret("replace-with-a-real-secret-0123456789").bytes).toBeNull();
    expect(decodeCookieSecret("example-cookie-secret-0123456789abcd").bytes).toBeNull();
  });
  it("refuses low variety (a repeated character)", () => {
    expect(decodeCookieSecret("a".repeat(64)).bytes).toBeNull();
    expect(decodeCookieSecret("abababababababababababababababababab").bytes).toBeNull();
    expect(decodeCookieSecret("0123456".repeat(6)).bytes).toBeNull(); // 7 distinct
  });
  it("refuses base64 of 32 zero bytes", () => {
    expect(decodeCookieSecret(base64Encode(new Uint8Array(32))).bytes).toBeNull();
  });
  it("MIN_SECRET_BYTES is 32", () => {
    expect(MIN_SECRET_BYTES).toBe(32);
  });
});
