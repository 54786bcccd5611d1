// RFC 3629 edge cases: the boundaries of each sequence length, overlong forms, surrogates, code
// points above U+10FFFF, truncation, stray continuation bytes, and bytes that never occur.
import { isValidUtf8, utf8Decode, utf8DecodeRange, utf8Encode } from "../../../assembly/core/encoding/utf8";
import { hexDecode, hexEncode } from "../../../assembly/core/encoding/hex";

function valid(h: string): bool {
  return isValidUtf8(hexDecode(h)!);
}

describe("isValidUtf8 accepts well-formed input (RFC 3629 §4)", () => {
  it("accepts the empty string and ASCII of every length around the 8-byte fast path", () => {
    expect(valid("")).toBe(true);
    for (let n = 1; n < 20; n++) {
      const b = new Uint8Array(n);
      b.fill(0x41);
      expect(isValidUtf8(b)).toBe(true);
    }
    expect(valid("00")).toBe(true);
    expect(valid("7f")).toBe(true);
  });
  it("accepts the first and last code point of each length", () => {
    expect(valid("c280")).toBe(true); // U+0080
    expect(valid("dfbf")).toBe(true); // U+07FF
    expect(valid("e0a080")).toBe(true); // U+0800
    expect(valid("ed9fbf")).toBe(true); // U+D7FF, just below the surrogates
    expect(valid("ee8080")).toBe(true); // U+E000, just above them
    expect(valid("efbfbf")).toBe(true); // U+FFFF
    expect(valid("f0908080")).toBe(true); // U+10000
    expect(valid("f48fbfbf")).toBe(true); // U+10FFFF
  });
  it("accepts a multi-byte character right after 7 ASCII bytes (fast-path boundary)", () => {
    expect(valid("41414141414141e282ac41")).toBe(true);
  });
});

describe("isValidUtf8 rejects ill-formed input", () => {
  it("rejects overlong encodings", () => {
    expect(valid("c0af")).toBe(false); // '/' in two bytes
    expect(valid("c1bf")).toBe(false);
    expect(valid("e080af")).toBe(false); // '/' in three bytes
    expect(valid("e09fbf")).toBe(false); // U+07FF in three bytes
    expect(valid("f08080af")).toBe(false); // '/' in four bytes
    expect(valid("f08fbfbf")).toBe(false); // U+FFFF in four bytes
  });
  it("rejects UTF-16 surrogates", () => {
    expect(valid("eda080")).toBe(false); // U+D800
    expect(valid("edbfbf")).toBe(false); // U+DFFF
    expect(valid("eda0bdedb2a9")).toBe(false); // a CESU-8 surrogate pair
  });
  it("rejects code points above U+10FFFF and bytes F5..FF", () => {
    expect(valid("f4908080")).toBe(false); // U+110000
    expect(valid("f5808080")).toBe(false);
    expect(valid("f7bfbfbf")).toBe(false);
    expect(valid("f880808080")).toBe(false); // old 5-byte form
    expect(valid("fe")).toBe(false);
    expect(valid("ff")).toBe(false);
  });
  it("rejects truncated sequences at the end and in the middle", () => {
    expect(valid("c2")).toBe(false);
    expect(valid("e282")).toBe(false);
    expect(valid("f09f98")).toBe(false);
    expect(valid("e28241")).toBe(false);
    expect(valid("f09f9841")).toBe(false);
    expect(valid("41414141414141f0")).toBe(false);
  });
  it("rejects stray continuation bytes", () => {
    expect(valid("80")).toBe(false);
    expect(valid("bf")).toBe(false);
    expect(valid("41c280bf")).toBe(false);
  });
});

describe("utf8Decode and utf8Encode", () => {
  it("round-trips text with characters of every length", () => {
    const s = "a\u00e9\u20ac\u{1F600}z";
    const b = utf8Encode(s);
    expect(hexEncode(b)).toBe("61c3a9e282acf09f98807a");
    expect(utf8Decode(b)!).toBe(s);
  });
  it("returns null for ill-formed input", () => {
    expect(utf8Decode(hexDecode("c0af")!)).toBeNull();
    expect(utf8Decode(hexDecode("eda080")!)).toBeNull();
  });
  it("encodes an unpaired surrogate as U+FFFD, never as CESU bytes", () => {
    expect(hexEncode(utf8Encode("a\uD800b"))).toBe("61efbfbd62");
    expect(hexEncode(utf8Encode("\uDC00"))).toBe("efbfbd");
  });
  it("decodes a range and refuses out-of-bounds ranges", () => {
    const b = utf8Encode("xx\u20acyy");
    expect(utf8DecodeRange(b, 2, 5)!).toBe("\u20ac");
    expect(utf8DecodeRange(b, 2, 4)).toBeNull(); // cuts the euro sign
    expect(utf8DecodeRange(b, -1, 2)).toBeNull();
    expect(utf8DecodeRange(b, 0, 8)).toBeNull();
    expect(utf8DecodeRange(b, 4, 3)).toBeNull();
    expect(utf8DecodeRange(b, 7, 7)!).toBe("");
  });
});
