// Limits and duplicate names: each limit fails at the first byte past it, before the work it guards,
// and duplicates are found in small objects (linear scan) and large ones (sorted index) alike.
import { parseJson, parseJsonString } from "../../../assembly/core/json/parser";
import { DEFAULT_LIMITS, JsonLimits } from "../../../assembly/core/json/limits";

function repeat(s: string, n: i32): string {
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = s;
  return parts.join("");
}

function bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

describe("default limits", () => {
  it("are 1 MiB, depth 32, 64 KiB strings, 10,000 members, 100,000 values", () => {
    expect(DEFAULT_LIMITS.maxInputBytes).toBe(1 << 20);
    expect(DEFAULT_LIMITS.maxDepth).toBe(32);
    expect(DEFAULT_LIMITS.maxStringBytes).toBe(65536);
    expect(DEFAULT_LIMITS.maxMembers).toBe(10000);
    expect(DEFAULT_LIMITS.maxValues).toBe(100000);
  });
});

describe("depth", () => {
  it("accepts 32 levels and refuses 33, at the 33rd bracket", () => {
    expect(parseJsonString(repeat("[", 32) + repeat("]", 32)).ok).toBe(true);
    const r = parseJsonString(repeat("[", 33) + repeat("]", 33));
    expect(r.ok).toBe(false);
    expect(r.error).toBe("nesting too deep");
    expect(r.offset).toBe(32);
  });

  it("refuses 10^5 nested arrays at byte 32 without recursion", () => {
    const r = parseJson(bytes(repeat("[", 100000)));
    expect(r.ok).toBe(false);
    expect(r.offset).toBe(32);
  });

  it("counts objects and arrays alike", () => {
    const r = parseJsonString(repeat("{\"a\":[", 17) + "1" + repeat("]}", 17));
    expect(r.ok).toBe(false);
    expect(r.error).toBe("nesting too deep");
    expect(parseJsonString(repeat("{\"a\":[", 16) + "1" + repeat("]}", 16)).ok).toBe(true);
  });

  it("follows a configured depth, including 0 (scalars only) and very deep ones", () => {
    const flat = DEFAULT_LIMITS.withMaxDepth(0);
    expect(parseJsonString("1", flat).ok).toBe(true);
    expect(parseJsonString("[]", flat).ok).toBe(false);
    const deep = DEFAULT_LIMITS.withMaxDepth(100000);
    expect(parseJsonString(repeat("[", 100000) + repeat("]", 100000), deep).ok).toBe(true);
    expect(parseJsonString(repeat("[", 100000) + repeat("]", 99999), deep).ok).toBe(false);
  });
});

describe("input size", () => {
  it("refuses input beyond maxInputBytes before reading it", () => {
    const small = DEFAULT_LIMITS.withMaxInputBytes(8);
    expect(parseJsonString("[1,2,3]", small).ok).toBe(true);
    const r = parseJsonString("[1,2,3,4]", small);
    expect(r.ok).toBe(false);
    expect(r.error).toBe("input too large");
    expect(r.offset).toBe(8);
    expect(parseJson(new Uint8Array(9), small).error).toBe("input too large");
    expect(parseJson(new Uint8Array((1 << 20) + 1)).error).toBe("input too large");
  });

  it("refuses empty input and input of only whitespace", () => {
    expect(parseJson(new Uint8Array(0)).error).toBe("unexpected end of input");
    expect(parseJsonString("   ").offset).toBe(3);
  });

  it("refuses a megabyte of zero bytes at the first byte", () => {
    const r = parseJson(new Uint8Array(1 << 20));
    expect(r.ok).toBe(false);
    expect(r.offset).toBe(0);
  });
});

describe("string length", () => {
  it("accepts strings up to maxStringBytes and refuses longer ones", () => {
    const limits = new JsonLimits(1 << 20, 32, 10, 10000, 100000);
    expect(parseJsonString("\"0123456789\"", limits).ok).toBe(true);
    const r = parseJsonString("\"0123456789a\"", limits);
    expect(r.ok).toBe(false);
    expect(r.error).toBe("string too long");
    expect(r.offset).toBe(0);
    expect(parseJsonString("{\"0123456789a\":1}", limits).error).toBe("string too long");
    // Counted in source bytes: é is two, an escape is six.
    expect(parseJsonString("\"éééééx\"", limits).ok).toBe(false);
    expect(parseJsonString("\"ééééé\"", limits).ok).toBe(true);
    expect(parseJsonString("\"\\u0041\\u0041\"", limits).error).toBe("string too long");
  });

  it("bounds number literals by the same limit", () => {
    const limits = new JsonLimits(1 << 20, 32, 10, 10000, 100000);
    expect(parseJsonString("1234567890", limits).ok).toBe(true);
    expect(parseJsonString("-1234567890", limits).error).toBe("number too long");
    expect(parseJsonString("[0.123456789]", limits).error).toBe("number too long");
    expect(parseJsonString("[1,12345678901]", limits).offset).toBe(3);
    expect(parseJsonString(repeat("1", 70000)).error).toBe("number too long");
  });

  it("refuses a 1 MiB string by default", () => {
    const r = parseJsonString("\"" + repeat("a", 70000) + "\"");
    expect(r.error).toBe("string too long");
  });
});

describe("members and values", () => {
  it("accepts maxMembers elements and refuses one more", () => {
    const limits = new JsonLimits(1 << 20, 32, 1000, 5, 100000);
    expect(parseJsonString("[1,2,3,4,5]", limits).ok).toBe(true);
    expect(parseJsonString("[1,2,3,4,5,6]", limits).error).toBe("too many members");
    expect(parseJsonString("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}", limits).ok).toBe(true);
    const r = parseJsonString("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}", limits);
    expect(r.error).toBe("too many members");
    expect(r.offset).toBe(31);
  });

  it("accepts 10,000 members by default and refuses 10,001", () => {
    expect(parseJsonString("[" + repeat("0,", 9999) + "0]").ok).toBe(true);
    expect(parseJsonString("[" + repeat("0,", 10000) + "0]").error).toBe("too many members");
  });

  it("bounds the values in the whole document", () => {
    const limits = new JsonLimits(1 << 20, 32, 1000, 10000, 4);
    expect(parseJsonString("[[1],2]", limits).ok).toBe(true);
    expect(parseJsonString("[[1],2,3]", limits).error).toBe("too many values");
    expect(parseJsonString("{\"a\":{},\"b\":[],\"c\":1}", limits).ok).toBe(true);
    expect(parseJsonString("{\"a\":{},\"b\":[],\"c\":1,\"d\":2}", limits).error).toBe("too many values");
  });
});

describe("duplicate names", () => {
  it("refuses two \"iss\" in an ID-token payload, at the second", () => {
    const r = parseJsonString("{\"iss\":\"https://a\",\"sub\":\"x\",\"iss\":\"https://b\"}");
    expect(r.ok).toBe(false);
    expect(r.error).toBe("duplicate key");
    expect(r.offset).toBe(29);
  });

  it("refuses duplicates that differ only in escaping", () => {
    expect(parseJsonString("{\"iss\":1,\"\\u0069ss\":2}").error).toBe("duplicate key");
    expect(parseJsonString("{\"\\/\":1,\"/\":2}").error).toBe("duplicate key");
  });

  it("refuses duplicates in nested objects and in objects inside arrays", () => {
    expect(parseJsonString("{\"keys\":[{\"kid\":\"a\"},{\"kid\":\"b\",\"kid\":\"c\"}]}").error).toBe("duplicate key");
  });

  it("finds duplicates in large objects at any distance, via the sorted index", () => {
    for (let n = 15; n < 40; n++) {
      for (let dup = 0; dup < n; dup += 7) {
        let text = "{";
        for (let i = 0; i < n; i++) text += "\"k" + i.toString() + "\":0,";
        text += "\"k" + dup.toString() + "\":1}";
        const r = parseJsonString(text);
        expect(r.ok).toBe(false, n.toString() + "/" + dup.toString());
        expect(r.error).toBe("duplicate key");
      }
      let ok = "{";
      for (let i = 0; i <= n; i++) ok += (i > 0 ? "," : "") + "\"k" + i.toString() + "\":0";
      expect(parseJsonString(ok + "}").ok).toBe(true);
    }
  });

  it("refuses a duplicate among 10,000 members", () => {
    let text = "{";
    for (let i = 0; i < 9999; i++) text += "\"" + i.toString() + "\":0,";
    text += "\"5000\":1}";
    expect(parseJsonString(text).error).toBe("duplicate key");
  });

  it("accepts the same name in sibling objects", () => {
    expect(parseJsonString("[{\"a\":1},{\"a\":2}]").ok).toBe(true);
    expect(parseJsonString("{\"a\":{\"a\":{\"a\":1}}}").ok).toBe(true);
  });
});

describe("error offsets", () => {
  it("point at the offending byte", () => {
    const texts: string[] = ["[1,]", "{\"a\" 1}", "[1 2]", "\"abc", "[\"a\"", "{\"a\":1,}", "1 x", "\u00ef", "nul", "[truex]", "{\"a\":1}}", "\"\\x\""];
    const at: i32[] = [3, 5, 3, 0, 4, 7, 2, 0, 0, 5, 7, 1];
    for (let i = 0; i < texts.length; i++) {
      const r = parseJsonString(texts[i]);
      expect(r.ok).toBe(false, texts[i]);
      expect(r.offset).toBe(at[i], texts[i]);
    }
  });

  it("name a byte order mark for what it is", () => {
    const r = parseJson(bytes("\uFEFF{}"));
    expect(r.error).toBe("byte order mark is not allowed");
    expect(r.offset).toBe(0);
  });
});
