import { hexEncode, hexDecode } from "../../../assembly/core/encoding/hex";

describe("hex (RFC 4648 §8)", () => {
  it("encodes lower case and decodes either case", () => {
    const b = new Uint8Array(4);
    b[0] = 0x00; b[1] = 0x9f; b[2] = 0xa0; b[3] = 0xff;
    expect(hexEncode(b)).toBe("009fa0ff");
    expect(hexEncode(hexDecode("009FA0fF")!)).toBe("009fa0ff");
    expect(hexEncode(new Uint8Array(0))).toBe("");
    expect(hexDecode("")!.length).toBe(0);
  });
  it("rejects odd lengths and non-hex characters", () => {
    expect(hexDecode("abc")).toBeNull();
    expect(hexDecode("0g")).toBeNull();
    expect(hexDecode("0G")).toBeNull();
    expect(hexDecode(" 0")).toBeNull();
    expect(hexDecode("0x")).toBeNull();
    expect(hexDecode("\u0130\u0130")).toBeNull(); // a code unit whose low byte looks like a digit
    expect(hexDecode("`0")).toBeNull(); // 0x60, just below 'a'
    expect(hexDecode("@0")).toBeNull(); // 0x40, just below 'A'
  });
});
