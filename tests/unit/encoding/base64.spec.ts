// RFC 4648 §10 test vectors, RFC 7515 Appendix C's base64url example, and one test per way an
// encoding can be malformed: each must give null, never a trap and never a second spelling.
import {
  base64Encode, base64Decode, base64UrlEncode, base64UrlDecode, base64AnyDecode,
  base64UrlDecodeBytes, base64UrlEncodeToBytes,
} from "../../../assembly/core/encoding/base64";
import { hexEncode } from "../../../assembly/core/encoding/hex";

function ascii(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}
function text(b: Uint8Array | null): string {
  if (b === null) return "<null>";
  return String.UTF8.decode(b.slice(0).buffer);
}
function bytes(values: i32[]): Uint8Array {
  const b = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) b[i] = <u8>values[i];
  return b;
}

const RFC4648_PLAIN: string[] = ["", "f", "fo", "foo", "foob", "fooba", "foobar"];
const RFC4648_BASE64: string[] = ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"];
const RFC4648_URL: string[] = ["", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"];

describe("base64 RFC 4648 §10 vectors", () => {
  it("encodes", () => {
    for (let i = 0; i < RFC4648_PLAIN.length; i++) {
      expect(base64Encode(ascii(RFC4648_PLAIN[i]))).toBe(RFC4648_BASE64[i]);
      expect(base64UrlEncode(ascii(RFC4648_PLAIN[i]))).toBe(RFC4648_URL[i]);
      expect(text(base64UrlEncodeToBytes(ascii(RFC4648_PLAIN[i])))).toBe(RFC4648_URL[i]);
    }
  });
  it("decodes", () => {
    for (let i = 0; i < RFC4648_PLAIN.length; i++) {
      expect(text(base64Decode(RFC4648_BASE64[i]))).toBe(RFC4648_PLAIN[i]);
      expect(text(base64UrlDecode(RFC4648_URL[i]))).toBe(RFC4648_PLAIN[i]);
      expect(text(base64AnyDecode(RFC4648_BASE64[i]))).toBe(RFC4648_PLAIN[i]);
      expect(text(base64AnyDecode(RFC4648_URL[i]))).toBe(RFC4648_PLAIN[i]);
    }
  });
  it("uses the distinct characters of each alphabet (RFC 7515 Appendix C bytes)", () => {
    const b = bytes([3, 236, 255, 224, 193]);
    expect(base64UrlEncode(b)).toBe("A-z_4ME");
    expect(base64Encode(b)).toBe("A+z/4ME=");
    expect(hexEncode(base64UrlDecode("A-z_4ME")!)).toBe("03ecffe0c1");
    expect(hexEncode(base64Decode("A+z/4ME=")!)).toBe("03ecffe0c1");
  });
});

describe("base64 strict decoding", () => {
  it("rejects a character outside the alphabet", () => {
    expect(base64Decode("Zm9v!A==")).toBeNull();
    expect(base64UrlDecode("Zm 9v")).toBeNull();
    expect(base64UrlDecode("Zm9v\n")).toBeNull();
    expect(base64UrlDecode("Zm9\u00e9")).toBeNull();
    expect(base64UrlDecode("Zm9\u0100")).toBeNull(); // low byte 0x00 must not alias a valid character
    expect(base64UrlDecode("Zm9\u0141")).toBeNull(); // low byte 'A'
  });
  it("rejects the other alphabet", () => {
    expect(base64Decode("A-z_4ME=")).toBeNull();
    expect(base64UrlDecode("A+z/4ME")).toBeNull();
    expect(base64AnyDecode("A-z/4ME")).toBeNull(); // mixed alphabets
  });
  it("rejects a length of 1 mod 4", () => {
    expect(base64UrlDecode("A")).toBeNull();
    expect(base64UrlDecode("Zm9vY")).toBeNull();
    expect(base64AnyDecode("Zm9vY")).toBeNull();
    expect(base64Decode("Zm9vY===")).toBeNull();
  });
  it("rejects missing or partial padding in standard base64", () => {
    expect(base64Decode("Zg")).toBeNull();
    expect(base64Decode("Zg=")).toBeNull();
    expect(base64Decode("Zm8")).toBeNull();
    expect(base64AnyDecode("Zg=")).toBeNull();
  });
  it("rejects padding in base64url", () => {
    expect(base64UrlDecode("Zg==")).toBeNull();
    expect(base64UrlDecode("Zm8=")).toBeNull();
    expect(base64UrlDecode("=")).toBeNull();
  });
  it("rejects padding anywhere but the end, and too much of it", () => {
    expect(base64Decode("Zg==Zg==")).toBeNull();
    expect(base64Decode("Z===")).toBeNull();
    expect(base64Decode("====")).toBeNull();
    expect(base64Decode("Zm=v")).toBeNull();
    expect(base64Decode("Zm9v====")).toBeNull();
    expect(base64AnyDecode("====")).toBeNull();
  });
  it("rejects non-zero unused bits (RFC 4648 §3.5)", () => {
    expect(base64Decode("Zh==")).toBeNull(); // 'h' = 33 has low 4 bits set
    expect(base64Decode("Zm9=")).toBeNull(); // '9' = 61 has low 2 bits set
    expect(base64UrlDecode("Zh")).toBeNull();
    expect(base64UrlDecode("Zm9")).toBeNull();
    expect(base64AnyDecode("Zh")).toBeNull();
    expect(base64UrlDecode("Zm8")).not.toBeNull();
  });
  it("decodes the empty string to no bytes", () => {
    expect(base64Decode("")!.length).toBe(0);
    expect(base64UrlDecode("")!.length).toBe(0);
    expect(base64AnyDecode("")!.length).toBe(0);
  });
});

describe("base64url over byte ranges", () => {
  it("decodes one segment of a larger buffer", () => {
    const b = ascii("xx.Zm9vYmE.yy");
    expect(text(base64UrlDecodeBytes(b, 3, 10))).toBe("fooba");
    expect(base64UrlDecodeBytes(b, 0, 13)).toBeNull(); // '.' is not base64url
    expect(base64UrlDecodeBytes(b, 3, 3)!.length).toBe(0);
  });
  it("rejects out-of-range bounds instead of reading outside the buffer", () => {
    const b = ascii("Zm9v");
    expect(base64UrlDecodeBytes(b, -1, 4)).toBeNull();
    expect(base64UrlDecodeBytes(b, 0, 5)).toBeNull();
    expect(base64UrlDecodeBytes(b, 3, 2)).toBeNull();
    expect(base64UrlDecodeBytes(b, 0x7fffffff, 0x7fffffff)).toBeNull();
  });
  it("rejects high bytes", () => {
    const b = bytes([0x5a, 0x6d, 0x39, 0xf6]);
    expect(base64UrlDecodeBytes(b, 0, 4)).toBeNull();
  });
});
