// The JsonValue accessors: each answers a kind mismatch, a missing member or an index out of range
// with null or a status, so callers can tell absent from wrong type from not a safe integer.
import { parseJson, parseJsonString } from "../../../assembly/core/json/parser";
import { JsonDocument } from "../../../assembly/core/json/tape";
import { JsonKind, JsonStatus, JsonValue } from "../../../assembly/core/json/value";

function doc(text: string): JsonValue {
  const r = parseJsonString(text);
  expect(r.ok).toBe(true, r.error);
  return r.value!;
}

const CLAIMS = `{"iss":"https://idp.example","sub":"248289761001","aud":["client","other"],
  "exp":1311281970,"iat":1.311280970e9,"big":9007199254740993,"frac":1.5,"neg":-9007199254740991,
  "email_verified":true,"nothing":null,"nested":{"x":1},"empty":[]}`;

describe("JsonValue kinds", () => {
  it("reports each kind and refuses every other", () => {
    const d = doc(`[null,true,1,"s",[],{}]`);
    const kinds: JsonKind[] = [JsonKind.Null, JsonKind.Bool, JsonKind.Number, JsonKind.String, JsonKind.Array, JsonKind.Object];
    for (let i = 0; i < kinds.length; i++) {
      const v = d.at(i)!;
      expect(v.kind).toBe(kinds[i]);
      expect(v.isNull()).toBe(i == 0);
      expect(v.isBool()).toBe(i == 1);
      expect(v.isNumber()).toBe(i == 2);
      expect(v.isString()).toBe(i == 3);
      expect(v.isArray()).toBe(i == 4);
      expect(v.isObject()).toBe(i == 5);
      expect(v.asString() == null).toBe(i != 3);
      expect(v.asBool().status).toBe(i == 1 ? JsonStatus.Ok : JsonStatus.WrongType);
      expect(v.asNumber().status).toBe(i == 2 ? JsonStatus.Ok : JsonStatus.WrongType);
      expect(v.asSafeInteger().status).toBe(i == 2 ? JsonStatus.Ok : JsonStatus.WrongType);
      expect(v.numberText() == null).toBe(i != 2);
    }
  });

  it("gives length 0, no elements and no keys for scalars", () => {
    const s = doc(`"abc"`);
    expect(s.length).toBe(0);
    expect(s.at(0)).toBeNull();
    expect(s.keyAt(0)).toBeNull();
    expect(s.keys().length).toBe(0);
    expect(s.get("abc")).toBeNull();
    expect(s.has("abc")).toBe(false);
    expect(s.getSafeInteger("x").status).toBe(JsonStatus.Absent);
    expect(s.asStringArray()).toBeNull();
  });
});

describe("object lookups", () => {
  it("distinguishes absent, wrong type and not a safe integer", () => {
    const c = doc(CLAIMS);
    const exp = c.getSafeInteger("exp");
    expect(exp.ok).toBe(true);
    expect(exp.value).toBe(1311281970);
    const iat = c.getSafeInteger("iat");
    expect(iat.ok).toBe(true);
    expect(iat.value).toBe(1311280970);
    expect(c.getSafeInteger("missing").status).toBe(JsonStatus.Absent);
    expect(c.getSafeInteger("iss").status).toBe(JsonStatus.WrongType);
    expect(c.getSafeInteger("nothing").status).toBe(JsonStatus.WrongType);
    expect(c.getSafeInteger("big").status).toBe(JsonStatus.NotSafeInteger);
    expect(c.getSafeInteger("frac").status).toBe(JsonStatus.NotSafeInteger);
    expect(c.getSafeInteger("neg").value).toBe(-9007199254740991);
  });

  it("reads strings, bools, numbers, arrays and objects by name", () => {
    const c = doc(CLAIMS);
    expect(c.getString("iss")).toBe("https://idp.example");
    expect(c.getString("exp")).toBeNull();
    expect(c.getString("missing")).toBeNull();
    const verified = c.getBool("email_verified");
    expect(verified.ok && verified.value).toBe(true);
    expect(c.getBool("iss").status).toBe(JsonStatus.WrongType);
    expect(c.getBool("missing").status).toBe(JsonStatus.Absent);
    expect(c.getNumber("frac").value).toBe(1.5);
    expect(c.getNumber("iss").status).toBe(JsonStatus.WrongType);
    expect(c.getNumber("missing").status).toBe(JsonStatus.Absent);
    expect(c.getArray("aud")!.length).toBe(2);
    expect(c.getArray("nested")).toBeNull();
    expect(c.getObject("nested")!.getSafeInteger("x").value).toBe(1);
    expect(c.getObject("aud")).toBeNull();
    expect(c.getObject("missing")).toBeNull();
    expect(c.get("nothing")!.isNull()).toBe(true);
    expect(c.has("nothing")).toBe(true);
    expect(c.has("Nothing")).toBe(false);
  });

  it("reads arrays of strings, and refuses mixed arrays", () => {
    const c = doc(`{"aud":["a","b"],"mixed":["a",1],"one":"a","empty":[]}`);
    expect(c.getStringArray("aud")).toStrictEqual(["a", "b"]);
    expect(c.getStringArray("mixed")).toBeNull();
    expect(c.getStringArray("one")).toBeNull();
    expect(c.getStringArray("empty")!.length).toBe(0);
    expect(c.getStringArray("missing")).toBeNull();
  });

  it("keeps members in source order", () => {
    const c = doc(`{"z":1,"a":2,"m":3}`);
    expect(c.keys()).toStrictEqual(["z", "a", "m"]);
    expect(c.keyAt(0)).toBe("z");
    expect(c.keyAt(2)).toBe("m");
    expect(c.keyAt(3)).toBeNull();
    expect(c.keyAt(-1)).toBeNull();
    expect(c.at(1)!.asSafeInteger().value).toBe(2);
  });

  it("finds names written with escapes or raw UTF-8", () => {
    const c = doc(`{"\\u0069ss":1,"caf\u00e9":2,"\\ud83d\\ude00":3,"tab\\t":4}`);
    expect(c.getSafeInteger("iss").value).toBe(1);
    expect(c.getSafeInteger("café").value).toBe(2);
    expect(c.getSafeInteger("😀").value).toBe(3);
    expect(c.getSafeInteger("tab\t").value).toBe(4);
    expect(c.keys()).toStrictEqual(["iss", "café", "😀", "tab\t"]);
    expect(c.get("is")).toBeNull();
    expect(c.get("isss")).toBeNull();
    expect(c.get(String.fromCharCode(0xd83d))).toBeNull();
  });

  it("keys() is a copy the caller may change", () => {
    const c = doc(`{"a":1}`);
    const k = c.keys();
    k.push("b");
    expect(c.keys().length).toBe(1);
  });

  it("looks up members of large objects through the sorted index, in source order", () => {
    let text = "{";
    for (let i = 0; i < 500; i++) {
      if (i > 0) text += ",";
      text += "\"k" + ((i * 7919) % 500).toString() + "\":" + i.toString();
    }
    text += "}";
    const c = doc(text);
    expect(c.length).toBe(500);
    for (let i = 0; i < 500; i++) {
      const name = "k" + ((i * 7919) % 500).toString();
      expect(c.keyAt(i)).toBe(name);
      expect(c.getSafeInteger(name).value).toBe(i);
    }
    expect(c.get("k500")).toBeNull();
    expect(c.get("")).toBeNull();
    expect(c.get("k")).toBeNull();
  });

  it("compares names by code unit, never by normalisation", () => {
    const c = doc(`{"\\u00e9":1,"e\\u0301":2,"\\u00c9":3}`);
    expect(c.getSafeInteger("\u00e9").value).toBe(1);
    expect(c.getSafeInteger("e\u0301").value).toBe(2);
    expect(c.getSafeInteger("\u00c9").value).toBe(3);
  });
});

describe("array access", () => {
  it("answers null outside the range, never traps", () => {
    const a = doc(`[10,20,30]`);
    expect(a.length).toBe(3);
    expect(a.at(-1)).toBeNull();
    expect(a.at(3)).toBeNull();
    expect(a.at(i32.MAX_VALUE)).toBeNull();
    expect(a.at(i32.MIN_VALUE)).toBeNull();
    expect(a.at(2)!.asSafeInteger().value).toBe(30);
    expect(a.keyAt(0)).toBeNull();
    expect(a.get("0")).toBeNull();
  });
});

describe("values keep their own copy of the input", () => {
  it("stay valid after the caller reuses its buffer", () => {
    const input = Uint8Array.wrap(String.UTF8.encode("{\"iss\":\"https://a\",\"n\":[1,2]}"));
    const r = parseJson(input);
    for (let i = 0; i < input.length; i++) input[i] = 0x20;
    expect(r.value!.getString("iss")).toBe("https://a");
    expect(r.value!.getArray("n")!.at(1)!.asSafeInteger().value).toBe(2);
  });

  it("decode the same string on every call", () => {
    const v = doc("\"caf\\u00e9 \\ud83d\\ude00\"");
    expect(v.asString()).toBe("café 😀");
    expect(v.asString()).toBe("café 😀");
  });

  it("walk arrays forwards, backwards and at random", () => {
    const a = doc("[0,[1,[2]],{\"x\":[3]},4,5]");
    expect(a.at(4)!.asSafeInteger().value).toBe(5);
    expect(a.at(0)!.asSafeInteger().value).toBe(0);
    expect(a.at(3)!.asSafeInteger().value).toBe(4);
    expect(a.at(2)!.getArray("x")!.at(0)!.asSafeInteger().value).toBe(3);
    expect(a.at(1)!.at(1)!.at(0)!.asSafeInteger().value).toBe(2);
    for (let i = 4; i >= 0; i--) expect(a.at(i)).not.toBeNull();
  });
});

describe("handles that point nowhere", () => {
  it("answer like an empty null value, never trap", () => {
    const empty = new JsonDocument(new StaticArray<u8>(0), new StaticArray<i32>(0), 5, null);
    const handles: JsonValue[] = [new JsonValue(empty, -1), new JsonValue(empty, 0), new JsonValue(empty, 4), new JsonValue(empty, i32.MAX_VALUE)];
    for (let i = 0; i < handles.length; i++) {
      const v = handles[i];
      expect(v.kind).toBe(JsonKind.Null);
      expect(v.length).toBe(0);
      expect(v.at(0)).toBeNull();
      expect(v.get("a")).toBeNull();
      expect(v.asString()).toBeNull();
      expect(v.keys().length).toBe(0);
      expect(v.numberText()).toBeNull();
    }
  });
});
