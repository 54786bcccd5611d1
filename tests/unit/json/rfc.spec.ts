// The examples of RFC 8259 §13, checked value by value, and the scalar texts of §2 and §13.
import { parseJson, parseJsonString } from "../../../assembly/core/json/parser";
import { JsonKind, JsonValue } from "../../../assembly/core/json/value";

const IMAGE = `{
  "Image": {
      "Width":  800,
      "Height": 600,
      "Title":  "View from 15th Floor",
      "Thumbnail": {
          "Url":    "http://www.example.com/image/481989943",
          "Height": 125,
          "Width":  100
      },
      "Animated" : false,
      "IDs": [116, 943, 234, 38793]
    }
}`;

const PLACES = `[
  {
     "precision": "zip",
     "Latitude":  37.7668,
     "Longitude": -122.3959,
     "Address":   "",
     "City":      "SAN FRANCISCO",
     "State":     "CA",
     "Zip":       "94107",
     "Country":   "US"
  },
  {
     "precision": "zip",
     "Latitude":  37.371991,
     "Longitude": -122.026020,
     "Address":   "",
     "City":      "SUNNYVALE",
     "State":     "CA",
     "Zip":       "94085",
     "Country":   "US"
  }
]`;

function root(text: string): JsonValue {
  const r = parseJsonString(text);
  expect(r.ok).toBe(true, r.error);
  const v = r.value;
  expect(v).not.toBeNull();
  return v!;
}

describe("RFC 8259 §13 examples", () => {
  it("the Image object", () => {
    const doc = root(IMAGE);
    expect(doc.kind).toBe(JsonKind.Object);
    expect(doc.keys()).toStrictEqual(["Image"]);
    const image = doc.getObject("Image")!;
    expect(image.keys()).toStrictEqual(["Width", "Height", "Title", "Thumbnail", "Animated", "IDs"]);
    expect(image.getSafeInteger("Width").value).toBe(800);
    expect(image.getSafeInteger("Height").value).toBe(600);
    expect(image.getString("Title")).toBe("View from 15th Floor");
    const thumb = image.getObject("Thumbnail")!;
    expect(thumb.getString("Url")).toBe("http://www.example.com/image/481989943");
    expect(thumb.getSafeInteger("Height").value).toBe(125);
    expect(thumb.getSafeInteger("Width").value).toBe(100);
    const animated = image.getBool("Animated");
    expect(animated.ok).toBe(true);
    expect(animated.value).toBe(false);
    const ids = image.getArray("IDs")!;
    expect(ids.length).toBe(4);
    expect(ids.at(0)!.asSafeInteger().value).toBe(116);
    expect(ids.at(3)!.asSafeInteger().value).toBe(38793);
    expect(ids.at(4)).toBeNull();
  });

  it("the array of two objects", () => {
    const doc = root(PLACES);
    expect(doc.isArray()).toBe(true);
    expect(doc.length).toBe(2);
    const sf = doc.at(0)!;
    expect(sf.getString("City")).toBe("SAN FRANCISCO");
    expect(sf.getNumber("Latitude").value).toBe(37.7668);
    expect(sf.getNumber("Longitude").value).toBe(-122.3959);
    expect(sf.getString("Address")).toBe("");
    const sv = doc.at(1)!;
    expect(sv.getString("City")).toBe("SUNNYVALE");
    expect(sv.getNumber("Longitude").value).toBe(-122.02602);
    expect(sv.get("Longitude")!.numberText()).toBe("-122.026020");
    expect(sv.getString("Zip")).toBe("94085");
    expect(sv.get("Latitude")!.isSafeInteger()).toBe(false);
  });

  it("the scalar texts", () => {
    expect(root("\"Hello world!\"").asString()).toBe("Hello world!");
    expect(root("42").asSafeInteger().value).toBe(42);
    expect(root("true").asBool().value).toBe(true);
    expect(root("null").isNull()).toBe(true);
  });

  it("§7: a character may be written escaped or not, with the same value", () => {
    expect(root("\"\\u005C\"").asString()).toBe("\\");
    expect(root("\"\\uD834\\uDD1E\"").asString()).toBe("\u{1D11E}");
    expect(root("\"\u{1D11E}\"").asString()).toBe("\u{1D11E}");
  });

  it("§2: insignificant whitespace around any structural character", () => {
    const doc = root(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n} \t\r\n");
    expect(doc.getArray("a")!.length).toBe(2);
  });

  it("accepts a subarray view of a larger buffer", () => {
    const all = Uint8Array.wrap(String.UTF8.encode("xx[1,2]yy"));
    const r = parseJson(all.subarray(2, 7));
    expect(r.ok).toBe(true);
    expect(r.value!.length).toBe(2);
  });
});
