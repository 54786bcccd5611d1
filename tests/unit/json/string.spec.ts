// Strings: escapes (RFC 8259 §7), surrogate pairs, and UTF-8 validation (RFC 3629 §4) checked against
// an independent decode-then-check reference over whole byte ranges.
import { parseJson, parseJsonString } from "../../../assembly/core/json/parser";
import { DEFAULT_LIMITS } from "../../../assembly/core/json/limits";

function str(text: string): string | null {
  const r = parseJsonString(text);
  if (!r.ok) return null;
  return r.value!.asString();
}

function quoted(bytes: u8[]): Uint8Array {
  const out = new Uint8Array(bytes.length + 2);
  out[0] = 0x22;
  for (let i = 0; i < bytes.length; i++) out[i + 1] = bytes[i];
  out[bytes.length + 1] = 0x22;
  return out;
}

/** Reference: is `b` exactly one well-formed UTF-8 sequence of a character ≥ U+0080? */
function oneWellFormedSequence(b: u8[]): bool {
  const b0 = <u32>b[0];
  let n = 0;
  let cp: u32 = 0;
  if ((b0 & 0xe0) == 0xc0) { n = 2; cp = b0 & 0x1f; }
  else if ((b0 & 0xf0) == 0xe0) { n = 3; cp = b0 & 0x0f; }
  else if ((b0 & 0xf8) == 0xf0) { n = 4; cp = b0 & 0x07; }
  else return false;
  if (b.length != n) return false;
  for (let i = 1; i < n; i++) {
    if ((<u32>b[i] & 0xc0) != 0x80) return false;
    cp = (cp << 6) | (<u32>b[i] & 0x3f);
  }
  const minimum: u32 = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (cp < minimum) return false; // overlong
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // surrogate
  return cp <= 0x10ffff;
}

describe("escapes", () => {
  it("decodes every two-character escape", () => {
    expect(str("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).toBe("\"\\/\b\f\n\r\t");
  });

  it("decodes \\u escapes in either case, including U+0000", () => {
    expect(str("\"\\u00e9\\u00E9\"")).toBe("\u00e9\u00e9");
    expect(str("\"a\\u0000b\"")).toBe("a\u0000b");
    expect(str("\"a\\u0000b\"")!.length).toBe(3);
    expect(str("\"\\uFFFF\"")!.charCodeAt(0)).toBe(0xffff);
    expect(str("\"\\u20AC\"")).toBe("€");
  });

  it("joins surrogate pairs, anywhere in the string", () => {
    expect(str("\"\\ud83d\\ude00\"")).toBe("😀");
    expect(str("\"x\\uD83D\\uDE00y\"")).toBe("x😀y");
    expect(str("\"\\uD800\\uDC00\"")).toBe("\u{10000}");
    expect(str("\"\\uDBFF\\uDFFF\"")).toBe("\u{10FFFF}");
    expect(str("\"\\ud83d\\ude00\\ud83d\\ude00\"")!.length).toBe(4);
  });

  it("refuses lone and reversed surrogates at the escape", () => {
    const bad: string[] = ["\"\\uD800\"", "\"\\uDC00\"", "\"ab\\uDBFF\"", "\"\\uD800\\u0041\"", "\"\\uD800\\uD800\\uDC00\"",
      "\"\\uDC00\\uD800\"", "\"\\uD800\\\"", "\"\\uD800\\uDC0\"", "\"\\uD800\\n\"", "\"\\uD800\""];
    const at: i32[] = [1, 1, 3, 1, 1, 1, 1, 1, 1, 1];
    for (let i = 0; i < bad.length; i++) {
      const r = parseJsonString(bad[i]);
      expect(r.ok).toBe(false, bad[i]);
      expect(r.offset).toBe(at[i], bad[i]);
    }
  });

  it("refuses every other escape letter", () => {
    for (let c = 0; c < 128; c++) {
      const valid = c == 0x22 || c == 0x5c || c == 0x2f || c == 0x62 || c == 0x66 || c == 0x6e || c == 0x72 || c == 0x74;
      const input = new Uint8Array(c == 0x75 ? 8 : 4);
      input[0] = 0x22;
      input[1] = 0x5c;
      input[2] = <u8>c;
      input[3] = 0x22;
      if (c == 0x75) { input[3] = 0x30; input[4] = 0x30; input[5] = 0x34; input[6] = 0x31; input[7] = 0x22; }
      const r = parseJson(input);
      expect(r.ok).toBe(valid || c == 0x75, "escape " + c.toString());
    }
  });

  it("refuses non-hex digits in \\u escapes", () => {
    for (let c = 0; c < 256; c++) {
      const input = new Uint8Array(8);
      const digits = "\"\\u004";
      for (let i = 0; i < 6; i++) input[i] = <u8>digits.charCodeAt(i);
      input[6] = <u8>c;
      input[7] = 0x22;
      const isHex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
      expect(parseJson(input).ok).toBe(isHex, "hex digit " + c.toString());
    }
  });
});

describe("raw bytes in strings", () => {
  it("accepts exactly the printable ASCII bytes other than quote and backslash", () => {
    for (let b = 0; b < 256; b++) {
      const r = parseJson(quoted([<u8>b]));
      const want = b >= 0x20 && b < 0x80 && b != 0x22 && b != 0x5c;
      expect(r.ok).toBe(want, "byte " + b.toString());
    }
  });

  it("accepts a two-byte prefix exactly when it is one well-formed character", () => {
    for (let b0 = 0x80; b0 < 0x100; b0++) {
      for (let b1 = 0; b1 < 0x100; b1++) {
        const seq: u8[] = [<u8>b0, <u8>b1];
        const got = parseJson(quoted(seq)).ok;
        if (got != oneWellFormedSequence(seq)) {
          expect(got).toBe(oneWellFormedSequence(seq), "bytes " + b0.toString(16) + " " + b1.toString(16));
        }
      }
    }
  });

  it("accepts three-byte sequences exactly when they are well formed", () => {
    const thirds: u8[] = [0x00, 0x22, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
    for (let b0 = 0xe0; b0 < 0xf0; b0++) {
      for (let b1 = 0; b1 < 0x100; b1++) {
        for (let k = 0; k < thirds.length; k++) {
          const seq: u8[] = [<u8>b0, <u8>b1, thirds[k]];
          const got = parseJson(quoted(seq)).ok;
          if (got != oneWellFormedSequence(seq)) {
            expect(got).toBe(oneWellFormedSequence(seq), "bytes " + b0.toString(16) + " " + b1.toString(16) + " " + thirds[k].toString(16));
          }
        }
      }
    }
  });

  it("accepts four-byte sequences exactly when they are well formed", () => {
    const tails: u8[] = [0x22, 0x41, 0x80, 0xbf, 0xc0];
    for (let b0 = 0xf0; b0 < 0x100; b0++) {
      for (let b1 = 0; b1 < 0x100; b1++) {
        for (let k = 0; k < tails.length; k++) {
          for (let j = 0; j < tails.length; j++) {
            const seq: u8[] = [<u8>b0, <u8>b1, tails[k], tails[j]];
            const got = parseJson(quoted(seq)).ok;
            if (got != oneWellFormedSequence(seq)) {
              expect(got).toBe(oneWellFormedSequence(seq), "bytes " + b0.toString(16) + " " + b1.toString(16));
            }
          }
        }
      }
    }
  });

  it("decodes raw UTF-8 of every length to the right UTF-16", () => {
    expect(str("\"é€😀a\"")).toBe("é€😀a");
    expect(str("\"é€😀a\"")!.length).toBe(5);
    expect(str("\"\u{10FFFF}\"")).toBe("\u{10FFFF}");
    expect(str("\"\u0080\u07FF\u0800\uFFFF\u{10000}\"")).toBe("\u0080\u07FF\u0800\uFFFF\u{10000}");
  });

  it("mixes raw characters and escapes in one string", () => {
    expect(str("\"é\\n€\\u00e9😀\\ud83d\\ude00\\\"\"")).toBe("é\n€é😀😀\"");
  });

  it("refuses a string that runs into the end of the input at any point", () => {
    const text = "\"ab\\u00e9é😀\\n\"";
    const full = Uint8Array.wrap(String.UTF8.encode(text));
    for (let cut = 0; cut < full.length; cut++) {
      const r = parseJson(full.subarray(0, cut));
      expect(r.ok).toBe(false, "cut at " + cut.toString());
    }
    expect(parseJson(full).ok).toBe(true);
  });

  it("refuses a lone surrogate in the string given to parseJsonString", () => {
    const s = "\"" + String.fromCharCode(0xd800) + "\"";
    const r = parseJsonString(s);
    expect(r.ok).toBe(false);
    expect(r.error).toBe("invalid UTF-8");
  });

  it("stays within the string length limit counted in source bytes", () => {
    expect(DEFAULT_LIMITS.maxStringBytes).toBe(65536);
  });
});
