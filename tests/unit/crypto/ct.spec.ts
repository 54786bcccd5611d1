import { constantTimeEqual, constantTimeIsZero } from "../../../assembly/core/crypto/ct";

function seq(n: i32): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = <u8>(i * 31 + 7);
  return b;
}

describe("constantTimeEqual", () => {
  it("is true for equal contents, including empty and views at odd offsets", () => {
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
    for (let n = 1; n < 40; n++) expect(constantTimeEqual(seq(n), seq(n))).toBe(true);
    const big = seq(50);
    expect(constantTimeEqual(big.subarray(3, 20), seq(50).subarray(3, 20))).toBe(true);
  });
  it("is false on a length mismatch", () => {
    expect(constantTimeEqual(seq(16), seq(17))).toBe(false);
    expect(constantTimeEqual(seq(1), new Uint8Array(0))).toBe(false);
  });
  it("catches a difference in any byte and any bit, including the 8-byte word tails", () => {
    for (let n = 1; n < 25; n++) {
      for (let i = 0; i < n; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const b = seq(n);
          b[i] = b[i] ^ <u8>(<i32>1 << bit);
          expect(constantTimeEqual(seq(n), b)).toBe(false);
        }
      }
    }
  });
});

describe("constantTimeIsZero", () => {
  it("detects any non-zero byte", () => {
    expect(constantTimeIsZero(new Uint8Array(0))).toBe(true);
    expect(constantTimeIsZero(new Uint8Array(33))).toBe(true);
    const b = new Uint8Array(33);
    b[32] = 1;
    expect(constantTimeIsZero(b)).toBe(false);
  });
});
