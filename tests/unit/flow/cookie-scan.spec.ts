// charIndex (assembly/core/encoding/cookie.ts) scans four UTF-16 units at a time; it must agree
// with a plain one-unit-at-a-time scan for every position, range and unit value, including units
// with the high bit set and ranges that end inside a block of four.
import { charIndex } from "../../../assembly/core/encoding/cookie";
import { Xorshift32 } from "../prng";

function naive(s: string, c: i32, from: i32, to: i32): i32 {
  const end = min(to, s.length);
  for (let i = max(from, 0); i < end; i++) if (s.charCodeAt(i) == c) return i;
  return -1;
}

const rng = new Xorshift32(0x9e3779b9);

describe("charIndex", () => {
  it("agrees with a unit-by-unit scan on 20,000 random strings, ranges and targets", () => {
    const units: i32[] = [0x3b, 0x3d, 0x2e, 0x61, 0x20, 0x8000, 0xffff, 0x013b, 0x3b00];
    let disagreements = 0;
    for (let n = 0; n < 20000; n++) {
      const len = <i32>rng.below(40);
      let s = "";
      for (let i = 0; i < len; i++) s += String.fromCharCode(units[<i32>rng.below(<u32>units.length)]);
      const c = units[<i32>rng.below(<u32>units.length)];
      const from = <i32>rng.below(44) - 2;
      const to = <i32>rng.below(46) - 2;
      if (charIndex(s, c, from, to) != naive(s, c, from, to)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it("finds a unit in each of the four lanes of a block, and the first of several", () => {
    for (let lane = 0; lane < 8; lane++) {
      let s = "";
      for (let i = 0; i < 8; i++) s += i == lane ? ";" : "a";
      expect(charIndex(s, 0x3b, 0, 8)).toBe(lane);
    }
    expect(charIndex("ab;cd;ef", 0x3b, 0, 8)).toBe(2);
    expect(charIndex("ab;cd;ef", 0x3b, 3, 8)).toBe(5);
    expect(charIndex("ab;cd;ef", 0x3b, 0, 2)).toBe(-1);
  });
});
