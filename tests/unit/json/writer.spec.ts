// JSON output: escaping that keeps the text valid and inert, and a writer that places separators
// itself and reports misuse instead of trapping. Every output is parsed back.
import { parseJsonString } from "../../../assembly/core/json/parser";
import { JsonWriter, jsonEscapeString, jsonQuote } from "../../../assembly/core/json/writer";

describe("jsonEscapeString", () => {
  it("returns plain text unchanged", () => {
    expect(jsonEscapeString("")).toBe("");
    expect(jsonEscapeString("invalid_request")).toBe("invalid_request");
    expect(jsonEscapeString("é€😀")).toBe("é€😀");
  });

  it("escapes quotes, backslashes and every control character", () => {
    expect(jsonEscapeString("a\"b\\c")).toBe("a\\\"b\\\\c");
    expect(jsonEscapeString("\n\r\t\b\f")).toBe("\\n\\r\\t\\b\\f");
    expect(jsonEscapeString("\u0000\u001f")).toBe("\\u0000\\u001f");
    for (let u = 0; u < 0x20; u++) {
      const s = String.fromCharCode(u);
      const back = parseJsonString(jsonQuote(s));
      expect(back.ok).toBe(true);
      expect(back.value!.asString()).toBe(s);
    }
  });

  it("escapes what HTML or a script could misread", () => {
    expect(jsonEscapeString("</script><b>&")).toBe("\\u003c/script\\u003e\\u003cb\\u003e\\u0026");
    expect(jsonEscapeString("\u2028\u2029")).toBe("\\u2028\\u2029");
  });

  it("keeps surrogate pairs and replaces lone surrogates with U+FFFD", () => {
    expect(jsonEscapeString("\u{1F600}")).toBe("\u{1F600}");
    expect(jsonEscapeString(String.fromCharCode(0xd800))).toBe("\\ufffd");
    expect(jsonEscapeString(String.fromCharCode(0xdc00) + "a")).toBe("\\ufffda");
    expect(jsonEscapeString("a" + String.fromCharCode(0xd800))).toBe("a\\ufffd");
    expect(jsonEscapeString(String.fromCharCode(0xd800, 0xd800) + String.fromCharCode(0xdc00))).toBe("\\ufffd\u{10000}");
  });

  it("round-trips through the parser", () => {
    const samples: string[] = ["", "x", "\"\\/", "tab\there", "<&>", "é€😀", "\u2028", "\u007f"];
    for (let i = 0; i < samples.length; i++) {
      const r = parseJsonString(jsonQuote(samples[i]));
      expect(r.ok).toBe(true, samples[i]);
      expect(r.value!.asString()).toBe(samples[i]);
    }
  });
});

describe("JsonWriter", () => {
  it("writes an error body", () => {
    const w = new JsonWriter()
      .beginObject()
      .stringField("error", "invalid_token")
      .stringField("error_description", "the \"iss\" claim <is> wrong")
      .integerField("status", 401)
      .boolField("retry", false)
      .endObject();
    expect(w.ok).toBe(true);
    expect(w.toString()).toBe("{\"error\":\"invalid_token\",\"error_description\":\"the \\\"iss\\\" claim \\u003cis\\u003e wrong\",\"status\":401,\"retry\":false}");
    const back = parseJsonString(w.toString());
    expect(back.ok).toBe(true);
    expect(back.value!.getString("error_description")).toBe("the \"iss\" claim <is> wrong");
  });

  it("nests arrays and objects with commas in the right places", () => {
    const w = new JsonWriter().beginArray().integer(1).beginObject().key("a").beginArray().endArray().key("b").null().endObject()
      .string("x").number(0.5).number(NaN).bool(true).endArray();
    expect(w.ok).toBe(true);
    expect(w.toString()).toBe("[1,{\"a\":[],\"b\":null},\"x\",0.5,null,true]");
    expect(parseJsonString(w.toString()).ok).toBe(true);
  });

  it("writes i64 extremes exactly", () => {
    const w = new JsonWriter().beginArray().integer(i64.MIN_VALUE).integer(i64.MAX_VALUE).endArray();
    expect(w.toString()).toBe("[-9223372036854775808,9223372036854775807]");
  });

  it("reports misuse without trapping", () => {
    expect(new JsonWriter().endObject().ok).toBe(false);
    expect(new JsonWriter().beginObject().string("no key").endObject().ok).toBe(false);
    expect(new JsonWriter().beginObject().key("a").endObject().ok).toBe(false);
    expect(new JsonWriter().beginArray().key("a").endArray().ok).toBe(false);
    expect(new JsonWriter().beginArray().endObject().ok).toBe(false);
    expect(new JsonWriter().integer(1).integer(2).ok).toBe(false);
    expect(new JsonWriter().beginObject().key("a").key("b").ok).toBe(false);
    expect(new JsonWriter().beginArray().ok).toBe(false);
    expect(new JsonWriter().ok).toBe(false);
    expect(new JsonWriter().null().ok).toBe(true);
  });
});
