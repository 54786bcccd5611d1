import { percentEncode, formEncode, percentDecode, parseQuery, countParam, getParam, splitPathQuery } from "../../../assembly/core/encoding/url";

describe("percentEncode (RFC 3986 §2.1, §2.3)", () => {
  it("leaves the unreserved set untouched", () => {
    const s = "AZaz09-._~";
    expect(percentEncode(s)).toBe(s);
  });
  it("encodes every reserved gen-delim and sub-delim", () => {
    expect(percentEncode(":/?#[]@")).toBe("%3A%2F%3F%23%5B%5D%40");
    expect(percentEncode("!$&'()*+,;=")).toBe("%21%24%26%27%28%29%2A%2B%2C%3B%3D");
  });
  it("encodes space as %20, never +", () => {
    expect(percentEncode("a b")).toBe("a%20b");
    expect(formEncode("a b+c")).toBe("a%20b%2Bc");
  });
  it("encodes %, quotes, controls and CR/LF", () => {
    expect(percentEncode("%\"<>\\\r\n\t\0")).toBe("%25%22%3C%3E%5C%0D%0A%09%00");
  });
  it("encodes UTF-8 bytes upper-case", () => {
    expect(percentEncode("é")).toBe("%C3%A9");
    expect(percentEncode("€")).toBe("%E2%82%AC");
    expect(percentEncode("😀")).toBe("%F0%9F%98%80");
  });
  it("encodes the empty string as empty", () => {
    expect(percentEncode("")).toBe("");
  });
  it("round-trips through percentDecode", () => {
    const s = "https://app.test/x?y=1&z=é ü%/";
    expect(percentDecode(percentEncode(s), false)).toBe(s);
  });
});

describe("percentDecode strictness", () => {
  it("decodes upper- and lower-case escapes", () => {
    expect(percentDecode("%2f%2F%41", false)).toBe("//A");
  });
  it("refuses a lone % at the end", () => {
    expect(percentDecode("abc%", false)).toBeNull();
  });
  it("refuses a % with one hex digit", () => {
    expect(percentDecode("abc%4", false)).toBeNull();
    expect(percentDecode("%4", false)).toBeNull();
  });
  it("refuses non-hex escapes", () => {
    expect(percentDecode("%zz", false)).toBeNull();
    expect(percentDecode("%G0", false)).toBeNull();
    expect(percentDecode("%0g", false)).toBeNull();
    expect(percentDecode("%-1", false)).toBeNull();
    expect(percentDecode("% 1", false)).toBeNull();
  });
  it("refuses escapes that decode to invalid UTF-8", () => {
    expect(percentDecode("%C3", false)).toBeNull(); // truncated sequence
    expect(percentDecode("%FF", false)).toBeNull();
    expect(percentDecode("%C0%AF", false)).toBeNull(); // overlong "/"
    expect(percentDecode("%ED%A0%80", false)).toBeNull(); // surrogate
    expect(percentDecode("%F4%90%80%80", false)).toBeNull(); // > U+10FFFF
    expect(percentDecode("%80", false)).toBeNull(); // lone continuation
  });
  it("decodes a valid multi-byte sequence", () => {
    expect(percentDecode("caf%C3%A9", false)).toBe("café");
  });
  it("treats + as space only when asked", () => {
    expect(percentDecode("a+b", true)).toBe("a b");
    expect(percentDecode("a+b", false)).toBe("a+b");
    expect(percentDecode("a%2Bb", true)).toBe("a+b");
  });
  it("does not decode twice", () => {
    expect(percentDecode("%252F", false)).toBe("%2F");
  });
  it("accepts the empty string", () => {
    expect(percentDecode("", true)).toBe("");
  });
});

describe("parseQuery", () => {
  it("parses name=value pairs and decodes both", () => {
    const p = parseQuery("a=1&b%20c=d+e&f=%C3%A9")!;
    expect(p.length).toBe(3);
    expect(p[1].name).toBe("b c");
    expect(p[1].value).toBe("d e");
    expect(p[2].value).toBe("é");
  });
  it("keeps duplicates so callers can refuse them", () => {
    const p = parseQuery("state=a&code=x&state=b")!;
    expect(p.length).toBe(3);
    expect(countParam(p, "state")).toBe(2);
    expect(countParam(p, "code")).toBe(1);
    expect(getParam(p, "state")).toBe("a");
  });
  it("counts a name spelled with an escape as the same name", () => {
    const p = parseQuery("state=a&st%61te=b")!;
    expect(countParam(p, "state")).toBe(2);
  });
  it("reads a name without = as an empty value", () => {
    const p = parseQuery("flag&x=1")!;
    expect(getParam(p, "flag")).toBe("");
  });
  it("keeps = inside a value", () => {
    const p = parseQuery("x=a=b")!;
    expect(getParam(p, "x")).toBe("a=b");
  });
  it("skips empty pairs", () => {
    const p = parseQuery("&&x=1&")!;
    expect(p.length).toBe(1);
  });
  it("returns an empty list for an empty query", () => {
    expect(parseQuery("")!.length).toBe(0);
  });
  it("refuses more than maxParams pairs", () => {
    const parts = new Array<string>();
    for (let i = 0; i < 65; i++) parts.push("p" + i.toString() + "=1");
    expect(parseQuery(parts.join("&"))).toBeNull();
    parts.pop();
    expect(parseQuery(parts.join("&"))!.length).toBe(64);
    expect(parseQuery("a=1&b=2&c=3", 2)).toBeNull();
  });
  it("refuses the whole query when one pair is malformed", () => {
    expect(parseQuery("state=ok&code=%zz")).toBeNull();
    expect(parseQuery("state=ok&%FF=1")).toBeNull();
  });
  it("survives a 100 KB query without trapping", () => {
    expect(parseQuery("a=" + "x".repeat(100000))!.length).toBe(1);
  });
  it("getParam is null for an absent name", () => {
    expect(getParam(parseQuery("a=1")!, "b")).toBeNull();
  });
});

describe("splitPathQuery", () => {
  it("splits at the first ?", () => {
    const p = splitPathQuery("/a?b=1?c");
    expect(p[0]).toBe("/a");
    expect(p[1]).toBe("b=1?c");
  });
  it("gives an empty query when there is none", () => {
    expect(splitPathQuery("/a")[1]).toBe("");
  });
});
