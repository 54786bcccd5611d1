// Random valid JSON for the differential tests (tests/host/json.test.ts and json-hostile.test.ts),
// written with random whitespace, escapes and number spellings, drawn from the PRNG seeded by
// JSON_SEED (each test file runs in its own process, so each gets its own stream from that seed).
import { mulberry32, randomFrom, seedFromEnv } from "../support/differential.ts";

export const SEED = seedFromEnv("JSON_SEED");
export const { int, chance, pick, flipBit } = randomFrom(mulberry32(SEED));

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

function randomCodePoint(): number {
  switch (int(9)) {
    case 0: return int(0x1f); // control: must be escaped
    case 1: return pick([0x22, 0x5c, 0x2f]);
    case 2: return 0x80 + int(0x7ff - 0x80);
    case 3: {
      const cp = 0x800 + int(0xffff - 0x800);
      return cp >= 0xd800 && cp <= 0xdfff ? 0xe000 : cp;
    }
    case 4: return 0x10000 + int(0x10ffff - 0x10000);
    case 5: return pick([0xfffe, 0xffff, 0xfdd0, 0x10ffff, 0x2028, 0x2029, 0xfeff, 0x7f, 0x80, 0x7ff, 0x800]);
    default: return 0x20 + int(0x7e - 0x20);
  }
}

function randomString(): string {
  const n = chance(0.05) ? int(300) : int(12);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCodePoint(randomCodePoint());
  return s;
}

const hex4 = (u: number): string => {
  const h = u.toString(16).padStart(4, "0");
  return chance(0.5) ? h : h.toUpperCase();
};

/** A JSON string literal for s, with each character written raw or escaped at random. */
function writeString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const short: Record<number, string> = { 0x22: '\\"', 0x5c: "\\\\", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t" };
    const mustEscape = cp < 0x20 || cp === 0x22 || cp === 0x5c;
    if (mustEscape || chance(0.15)) {
      if (short[cp] !== undefined && chance(0.7)) out += short[cp];
      else if (cp === 0x2f && chance(0.5)) out += "\\/";
      else if (cp >= 0x10000) {
        const v = cp - 0x10000;
        out += "\\u" + hex4(0xd800 + (v >> 10)) + "\\u" + hex4(0xdc00 + (v & 0x3ff));
      } else out += "\\u" + hex4(cp);
    } else {
      out += ch;
    }
  }
  return out + '"';
}

export const digits = (n: number, nonZeroFirst: boolean): string => {
  let s = nonZeroFirst ? String(1 + int(8)) : "";
  while (s.length < n) s += String(int(9));
  return s;
};

/** A number literal, in every spelling RFC 8259 §6 allows; never beyond the largest double. */
export function randomNumberText(): string {
  for (;;) {
    const sign = chance(0.3) ? "-" : "";
    let t: string;
    switch (int(9)) {
      case 0: t = String(int(1_000_000)); break;
      case 1: t = String(2 ** 53 - 1 - int(3) + int(6)); break;
      case 2: t = digits(1 + int(40), true); break;
      case 3: t = (chance(0.3) ? "0" : digits(1 + int(10), true)) + "." + digits(1 + int(20), false); break;
      case 4: t = digits(1 + int(3), true) + (chance(0.5) ? "." + digits(1 + int(17), false) : "") + pick(["e", "E"]) + pick(["", "+", "-"]) + int(330); break;
      case 5: t = pick(["0", "0.0", "0e0", "0E+5", "0.000", "1e-400", "1E-324", "5e-324", "1.7976931348623157e308", "2.2250738585072014e-308"]); break;
      case 6: t = "0." + "0".repeat(int(30)) + digits(1 + int(30), true) + (chance(0.5) ? "e" + (int(40) - 20) : ""); break;
      case 7: t = digits(1 + int(25), true) + "." + digits(1 + int(25), false) + "e-" + int(30); break;
      case 8: t = digits(1 + int(9), true) + "000000000" + (chance(0.5) ? ".0" : "") + (chance(0.5) ? "e-" + int(9) : ""); break;
      default: t = String(int(1000) / 8);
    }
    const text = sign + t;
    if (Number.isFinite(Number(text))) return text;
  }
}

export const ws = (): string => (chance(0.7) ? "" : Array.from({ length: 1 + int(2) }, () => pick([" ", "\t", "\n", "\r"])).join(""));

/**
 * A random document (as text) whose keys are never integer-like, so JavaScript keeps source order.
 * `budget` bounds the values in the whole document, so deep documents stay small.
 */
export function randomDocument(depth: number, maxDepth: number, budget = { left: 400 }): string {
  budget.left--;
  const kind = depth >= maxDepth || budget.left <= 0 ? 3 + int(3) : int(5);
  if (kind === 0 || kind === 1) {
    const n = Math.min(Math.max(budget.left, 0), chance(0.08) ? 17 + int(40) : int(6));
    if (kind === 0) {
      const items = Array.from({ length: n }, () => ws() + randomDocument(depth + 1, maxDepth, budget) + ws());
      return "[" + (items.length ? items.join(",") : ws()) + "]";
    }
    const keys = new Set<string>();
    while (keys.size < n) {
      const k = randomString();
      if (!/^\d+$/.test(k)) keys.add(k);
    }
    const members = [...keys].map((k) => ws() + writeString(k) + ws() + ":" + ws() + randomDocument(depth + 1, maxDepth, budget) + ws());
    return "{" + (members.length ? members.join(",") : ws()) + "}";
  }
  if (kind === 2 || kind === 3) return writeString(randomString());
  if (kind === 4) return randomNumberText();
  return pick(["true", "false", "null"]);
}
