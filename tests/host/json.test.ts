// Differential and fuzz tests of the JSON parser in the built module (build/testing/json.wasm, -O3)
// against a strict reference: WHATWG UTF-8 decoding with fatal errors and no BOM stripping, then
// V8's JSON.parse. Where the reference accepts and we refuse, the refusal must be one of our
// documented choices (duplicate names, lone surrogates, numbers beyond the largest double, limits
// on size, depth, members, values and string or number length),
// and an independent scan of the accepted text (textStats below) must confirm that reason.
// Inputs come from a seeded PRNG: JSON_SEED=<n> replays a run; JSON_SCALE=<k> multiplies the counts.
//   node --import tsx --test tests/host/json.test.ts   (after npm run build -- testing)
import { test } from "node:test";
import assert from "node:assert/strict";

const wasm = await import("../../build/testing/json.js");

const SEED = Number(process.env.JSON_SEED ?? Math.floor(Math.random() * 2 ** 32));
const SCALE = Number(process.env.JSON_SCALE ?? 1);
const VALID_DOCS = 10_000 * SCALE;
const NUMBERS = 20_000 * SCALE;
const MUTATIONS = 100_000 * SCALE;
const RANDOM_BYTES = 20_000 * SCALE;
const LIMIT_DOCS = 5_000 * SCALE;
console.log(`json differential: seed ${SEED} (JSON_SEED=${SEED} to replay), scale ${SCALE}`);

/** mulberry32: small, fast, and good enough to pick test inputs reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = prng(SEED);
const int = (max: number): number => Math.floor(random() * (max + 1));
const chance = (p: number): boolean => random() < p;
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length - 1)];
const encoder = new TextEncoder();
const utf8 = (s: string): Uint8Array => encoder.encode(s);

// ---------------------------------------------------------------------------------------------
// The reference and the canonical form shared with assembly/testing/json.ts.

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The reference verdict: the decoded text and its value, or null when it is not JSON at all. */
function reference(bytes: Uint8Array): { text: string; value: unknown } | null {
  let text: string;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    return null;
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    return null;
  }
}

function canonicalString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out += u === 0x22 || u === 0x5c || u < 0x20 ? "\\u00" + u.toString(16).padStart(2, "0") : s[i];
  }
  return out + '"';
}

const bitsView = new DataView(new ArrayBuffer(8));
function numberBits(x: number): string {
  bitsView.setFloat64(0, x);
  return "#" + bitsView.getBigUint64(0).toString(16).padStart(16, "0");
}

/** Same format as the module: numbers as their binary64 bits, objects in the given key order. */
function canonical(v: unknown, sorted: boolean): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return numberBits(v);
  if (typeof v === "string") return canonicalString(v);
  if (Array.isArray(v)) return "[" + v.map((x) => canonical(x, sorted)).join(",") + "]";
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (sorted) keys.sort();
  return "{" + keys.map((k) => canonicalString(k) + ":" + canonical(o[k], sorted)).join(",") + "}";
}

// ---------------------------------------------------------------------------------------------
// An independent scan of text that JSON.parse accepted: what our documented refusals depend on.

interface TextStats {
  depth: number;
  duplicateKey: boolean;
  loneSurrogate: boolean;
  numberOverflow: boolean;
  longestString: number; // source bytes between the quotes
  longestNumber: number; // source bytes of a number literal
  mostMembers: number;
  values: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textStats(text: string): TextStats {
  const s: TextStats = { depth: 0, duplicateKey: false, loneSurrogate: false, numberOverflow: false, longestString: 0, longestNumber: 0, mostMembers: 0, values: 0 };
  const stack: { keys: Set<string> | null; count: number }[] = [];
  const isWs = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";
  const element = (): void => {
    s.values++;
    const top = stack[stack.length - 1];
    if (top && top.keys === null) s.mostMembers = Math.max(s.mostMembers, ++top.count);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "[" || c === "{") {
      element();
      stack.push({ keys: c === "{" ? new Set() : null, count: 0 });
      s.depth = Math.max(s.depth, stack.length);
      i++;
    } else if (c === "]" || c === "}") {
      stack.pop();
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i + 1, j);
      s.longestString = Math.max(s.longestString, Buffer.byteLength(raw, "utf8"));
      const decoded = JSON.parse('"' + raw + '"') as string;
      if (LONE_SURROGATE.test(decoded)) s.loneSurrogate = true;
      let k = j + 1;
      while (isWs(text[k])) k++;
      const top = stack[stack.length - 1];
      if (text[k] === ":" && top && top.keys !== null) {
        if (top.keys.has(decoded)) s.duplicateKey = true;
        top.keys.add(decoded);
        s.mostMembers = Math.max(s.mostMembers, ++top.count);
        i = k + 1;
      } else {
        element();
        i = j + 1;
      }
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      let j = i;
      while (j < text.length && /[-+0-9.eE]/.test(text[j])) j++;
      if (!Number.isFinite(Number(text.slice(i, j)))) s.numberOverflow = true;
      s.longestNumber = Math.max(s.longestNumber, j - i);
      element();
      i = j;
    } else if (c === "t" || c === "n") {
      element();
      i += 4;
    } else if (c === "f") {
      element();
      i += 5;
    } else {
      i++;
    }
  }
  return s;
}

interface Limits { input: number; depth: number; string: number; members: number; values: number }
const DEFAULTS: Limits = { input: 1 << 20, depth: 32, string: 65536, members: 10000, values: 100000 };

/** Our error messages for documented refusals of text JSON.parse accepts, each with its evidence. */
function documentedReasons(bytes: Uint8Array, s: TextStats, l: Limits): Set<string> {
  const r = new Set<string>();
  if (bytes.length > l.input) r.add("input too large");
  if (s.depth > l.depth) r.add("nesting too deep");
  if (s.longestString > l.string) r.add("string too long");
  if (s.longestNumber > l.string) r.add("number too long");
  if (s.mostMembers > l.members) r.add("too many members");
  if (s.values > l.values) r.add("too many values");
  if (s.duplicateKey) r.add("duplicate key");
  if (s.loneSurrogate) r.add("lone surrogate in \\u escape");
  if (s.numberOverflow) r.add("number out of range");
  return r;
}

function errorMessage(out: string): string {
  const second = out.indexOf(":", 4);
  return out.slice(second + 1);
}

function errorOffset(out: string): number {
  return Number(out.slice(4, out.indexOf(":", 4)));
}

/** Checks one input against the reference; returns the category it fell in, for the tallies. */
function checkAgainstReference(bytes: Uint8Array, ours: string, label: string): string {
  // Messages are built only on failure: this runs 10^5 times.
  const show = (): string => JSON.stringify(Buffer.from(bytes.subarray(0, 300)).toString("latin1"));
  const ref = reference(bytes);
  if (ref === null) {
    if (!ours.startsWith("ERR:")) assert.fail(`${label}: the reference rejects but we accept: ${show()}`);
    const at = errorOffset(ours);
    if (!(at >= 0 && at <= bytes.length)) assert.fail(`${label}: error offset ${at} outside the input`);
    return "both reject";
  }
  const reasons = documentedReasons(bytes, textStats(ref.text), DEFAULTS);
  if (ours.startsWith("ERR:")) {
    const message = errorMessage(ours);
    if (!reasons.has(message)) assert.fail(`${label}: we reject (${message}) text the reference accepts, for no documented reason: ${show()}`);
    return "documented: " + message;
  }
  if (reasons.size !== 0) assert.fail(`${label}: we accept despite ${[...reasons].join(", ")}: ${show()}`);
  const expected = canonical(ref.value, true);
  if (ours !== expected) assert.equal(ours, expected, `${label}: values differ for ${show()}`);
  return "both accept";
}

// ---------------------------------------------------------------------------------------------
// Random valid documents, written with random whitespace, escapes and number spellings.

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

const digits = (n: number, nonZeroFirst: boolean): string => {
  let s = nonZeroFirst ? String(1 + int(8)) : "";
  while (s.length < n) s += String(int(9));
  return s;
};

/** A number literal, in every spelling RFC 8259 §6 allows; never beyond the largest double. */
function randomNumberText(): string {
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

const ws = (): string => (chance(0.7) ? "" : Array.from({ length: 1 + int(2) }, () => pick([" ", "\t", "\n", "\r"])).join(""));

/**
 * A random document (as text) whose keys are never integer-like, so JavaScript keeps source order.
 * `budget` bounds the values in the whole document, so deep documents stay small.
 */
function randomDocument(depth: number, maxDepth: number, budget = { left: 400 }): string {
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

const ID_TOKEN_PAYLOAD = JSON.stringify({
  iss: "https://idp.example.com/realms/main", sub: "f0c3b2a1-9d8e-4c7b-a6f5-e4d3c2b1a098", aud: ["oidc-sso", "account"],
  exp: 1767225600, iat: 1767222000, auth_time: 1767221990, nonce: "n-0S6_WzA2Mj", azp: "oidc-sso",
  at_hash: "77QmUPtjPfzWtF2AnpK9RQ", email: "jane.doe@example.com", email_verified: true, name: "Jane Doe",
  given_name: "Jane", family_name: "Doe", preferred_username: "jane", locale: "de-CH", sid: "2f1e0d9c",
  realm_access: { roles: ["offline_access", "uma_authorization", "admin"] }, amr: ["pwd", "otp"], acr: "1",
});

// ---------------------------------------------------------------------------------------------

test(`${VALID_DOCS} random valid documents re-serialize exactly as JSON.parse reads them`, () => {
  let bytesTotal = 0;
  for (let i = 0; i < VALID_DOCS; i++) {
    const text = ws() + randomDocument(0, chance(0.02) ? 32 : 1 + int(5)) + ws();
    const bytes = utf8(text);
    bytesTotal += bytes.length;
    const expected = canonical(JSON.parse(text), false);
    assert.equal(wasm.parse(bytes), expected, `document ${i}: ${text.slice(0, 300)}`);
  }
  console.log(`valid documents: ${VALID_DOCS}, ${(bytesTotal / 1024).toFixed(0)} KiB in all, all equal`);
});

/** Exact classification of a number literal with BigInt: safe integer, big integer or fraction. */
function classify(text: string): { kind: string; integer?: bigint } {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const mantissa = BigInt(m[2] + (m[3] ?? ""));
  const exponent = Number(m[4] ?? 0) - (m[3] ?? "").length;
  let value: bigint;
  if (mantissa === 0n) value = 0n;
  else if (exponent >= 0) {
    if (exponent > 400) return { kind: "big" }; // beyond 2^53 for any nonzero mantissa
    value = mantissa * 10n ** BigInt(exponent);
  } else {
    if (-exponent > 2000) return { kind: "fraction" };
    const scale = 10n ** BigInt(-exponent);
    if (mantissa % scale !== 0n) return { kind: "fraction" };
    value = mantissa / scale;
  }
  if (m[1] === "-") value = -value;
  const max = 2n ** 53n - 1n;
  return value <= max && value >= -max ? { kind: "safe", integer: value } : { kind: "big" };
}

test(`${NUMBERS} random number literals: exact double and exact safe-integer classification`, () => {
  const tally: Record<string, number> = { safe: 0, big: 0, fraction: 0, overflow: 0 };
  for (let i = 0; i < NUMBERS; i++) {
    let text = randomNumberText();
    if (chance(0.03)) text = digits(1 + int(3), true) + "e" + (300 + int(200)); // may overflow
    if (chance(0.03)) text = digits(300 + int(100), true);
    const ours = wasm.numberInfo(utf8(text));
    const x = Number(text);
    if (!Number.isFinite(x)) {
      tally.overflow++;
      assert.equal(ours, "ERR:0:number out of range", text);
      continue;
    }
    const c = classify(text);
    tally[c.kind]++;
    const bits = numberBits(x);
    if (c.kind === "safe") assert.equal(ours, `safe:${c.integer}:${bits}`, text);
    else assert.equal(ours, `${c.kind}:${bits}`, text);
  }
  console.log(`number literals: ${JSON.stringify(tally)}`);
});

const SPECIAL = utf8('"\\[]{},:0123456789eE.+- tfnul/*');
const INSERTS: Uint8Array[] = [
  utf8("\\uD800"), utf8("\\uDC00"), utf8("\\ud83d\\ude00"), utf8("\\u00"), utf8(","), utf8('"a":1,'), utf8("\uFEFF"),
  Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0xe2, 0x82),
  Uint8Array.of(0xf0, 0x9f, 0x98, 0x80), Uint8Array.of(0xc3, 0xa9), Uint8Array.of(0x00), Uint8Array.of(0xff),
  utf8("1e400"), utf8("9007199254740993"), utf8("-0"), utf8("01"), utf8("/**/"), utf8("NaN"), utf8("'x'"),
];

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

function mutate(b: Uint8Array): Uint8Array {
  const at = int(b.length);
  switch (int(12)) {
    case 0: { // flip one bit
      if (b.length === 0) return b;
      const c = Uint8Array.from(b);
      const bit = int(b.length * 8 - 1);
      c[bit >> 3] ^= 1 << (bit & 7);
      return c;
    }
    case 1: return b.length === 0 ? b : splice(b, Math.min(at, b.length - 1), 1, Uint8Array.of(int(255)));
    case 2: return b.length === 0 ? b : splice(b, Math.min(at, b.length - 1), 1, Uint8Array.of(pick([...SPECIAL])));
    case 3: return b.length === 0 ? b : splice(b, Math.min(at, b.length - 1), 1, new Uint8Array(0));
    case 4: return splice(b, at, 0, Uint8Array.of(chance(0.5) ? int(255) : pick([...SPECIAL])));
    case 5: return b.subarray(0, at);
    case 6: { // duplicate a slice somewhere else: repeats members, keys and brackets
      const from = int(b.length), len = int(Math.min(40, b.length - from));
      return splice(b, int(b.length), 0, b.slice(from, from + len));
    }
    case 7: return splice(b, at, 0, pick(INSERTS));
    case 8: { // deep nesting, sometimes closed
      // 10^5 levels make a 500 KB document; rarer, as each costs the reference milliseconds.
      const depth = chance(0.1) ? 100_000 : pick([2, 31, 32, 33, 100, 1000, 5000]);
      const open = pick(["[", '{"a":', "[{\"k\":"]);
      const close = open === "[" ? "]" : open === '{"a":' ? "}" : "}]";
      const body = utf8(open.repeat(depth) + "0" + (chance(0.5) ? close.repeat(depth) : ""));
      return splice(b, at, 0, body);
    }
    case 9: { // swap two bytes
      if (b.length < 2) return b;
      const c = Uint8Array.from(b);
      const j = int(b.length - 1), k = int(b.length - 1);
      [c[j], c[k]] = [c[k], c[j]];
      return c;
    }
    case 10: return splice(b, at, 0, utf8(ws() || " "));
    case 11: { // repeat a member name just before itself: a duplicate in the same object
      if (b.length > 20_000) return b;
      const text = Buffer.from(b).toString("latin1");
      const names = [...text.matchAll(/"(?:[^"\\]|\\.)*"\s*:/g)];
      if (names.length === 0) return b;
      const m = pick(names);
      return splice(b, m.index!, 0, Buffer.from(m[0] + pick(["0", "null", '"x"', "{}"]) + ",", "latin1"));
    }
    default: return splice(b, at, 0, utf8(randomDocument(0, 2)));
  }
}

test(`${MUTATIONS} random mutations never trap and agree with the strict reference`, () => {
  const seeds: Uint8Array[] = [utf8(ID_TOKEN_PAYLOAD)];
  // Small seeds (at most 60 values): each mutation then costs microseconds, and errors land anywhere.
  for (let i = 0; i < 200; i++) seeds.push(utf8(randomDocument(0, 1 + int(4), { left: 60 })));
  // The payload nested to exactly the depth limit and one beyond, so both sides of it are mutated.
  const own = textStats(ID_TOKEN_PAYLOAD).depth;
  for (const total of [32, 33]) seeds.push(utf8("[".repeat(total - own) + ID_TOKEN_PAYLOAD + "]".repeat(total - own)));
  const tally: Record<string, number> = {};
  const started = Date.now();
  for (let i = 0; i < MUTATIONS; i++) {
    let b = pick(seeds);
    const rounds = 1 + int(3);
    for (let r = 0; r < rounds; r++) b = mutate(b);
    if (b.length > DEFAULTS.input) b = b.subarray(0, DEFAULTS.input);
    const ours = wasm.parseSorted(b); // a trap would throw here and fail the test
    const category = checkAgainstReference(b, ours, `mutation ${i}`);
    tally[category] = (tally[category] ?? 0) + 1;
  }
  console.log(`mutations: ${MUTATIONS} in ${Date.now() - started} ms: ${JSON.stringify(tally)}`);
});

test(`${RANDOM_BYTES} random byte strings and a few of 1 MiB never trap and agree with the reference`, () => {
  const tally: Record<string, number> = {};
  for (let i = 0; i < RANDOM_BYTES; i++) {
    const n = int(chance(0.1) ? 2000 : 40);
    const b = new Uint8Array(n);
    const alphabet = chance(0.5) ? null : SPECIAL;
    for (let j = 0; j < n; j++) b[j] = alphabet === null ? int(255) : alphabet[int(alphabet.length - 1)];
    const category = checkAgainstReference(b, wasm.parseSorted(b), `random bytes ${i}`);
    tally[category] = (tally[category] ?? 0) + 1;
  }
  const big: [string, Uint8Array][] = [
    ["1 MiB of '['", new Uint8Array(1 << 20).fill(0x5b)],
    ["1 MiB of '{\"a\":'", utf8('{"a":'.repeat((1 << 20) / 5))],
    ["1 MiB string", utf8('"' + "a".repeat((1 << 20) - 2) + '"')],
    ["1 MiB of digits", utf8("1".repeat(1 << 20))],
    ["1 MiB of '0.' digits", utf8("0." + "1".repeat((1 << 20) - 2))],
    ["1 MiB of random bytes", Uint8Array.from({ length: 1 << 20 }, () => int(255))],
    ["1 MiB array of zeros", utf8("[" + "0,".repeat((1 << 19) - 2) + "0]")],
    ["1 MiB + 1", new Uint8Array((1 << 20) + 1).fill(0x20)],
  ];
  for (const [name, b] of big) {
    const t = process.hrtime.bigint();
    const ours = wasm.parseSorted(b);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const category = checkAgainstReference(b, ours, name);
    console.log(`  ${name}: ${category === "both accept" ? "accepted" : ours.slice(0, 60)} in ${ms.toFixed(1)} ms`);
    assert.ok(ms < 1000, `${name} took ${ms} ms`);
  }
  console.log(`random byte strings: ${JSON.stringify(tally)}`);
});

test("10^5 nested '[' fail at the 33rd, in well under a millisecond of parsing", () => {
  const b = new Uint8Array(100_000).fill(0x5b);
  assert.equal(wasm.verdict(b), "ERR:32:nesting too deep");
  const t = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) wasm.verdict(b);
  const us = Number(process.hrtime.bigint() - t) / 1e3 / 100;
  console.log(`10^5 '[': ${us.toFixed(1)} µs per call, most of it copying the input into the module`);
  assert.equal(wasm.verdict(utf8("[".repeat(32) + "]".repeat(32))), "OK");
});

test(`${LIMIT_DOCS} random documents under random small limits: refused exactly when a limit is exceeded`, () => {
  const tally: Record<string, number> = {};
  for (let i = 0; i < LIMIT_DOCS; i++) {
    const text = randomDocument(0, 1 + int(5));
    const b = utf8(text);
    const l: Limits = { input: b.length + int(4) - 2, depth: int(5), string: int(30), members: int(12), values: 1 + int(60) };
    const s = textStats(text);
    const reasons = documentedReasons(b, s, l);
    const ours = wasm.parseWithLimits(b, l.input, l.depth, l.string, l.members, l.values);
    if (reasons.size === 0) {
      assert.equal(ours, canonical(JSON.parse(text), true), `document ${i} within ${JSON.stringify(l)}: ${text.slice(0, 200)}`);
      tally.accepted = (tally.accepted ?? 0) + 1;
    } else {
      assert.ok(ours.startsWith("ERR:") && reasons.has(errorMessage(ours)), `document ${i}: ${ours} but exceeded ${[...reasons].join(", ")} under ${JSON.stringify(l)}`);
      tally[errorMessage(ours)] = (tally[errorMessage(ours)] ?? 0) + 1;
    }
  }
  console.log(`limits: ${JSON.stringify(tally)}`);
});

test("duplicate names are refused wherever JSON.parse would silently keep the last", () => {
  const cases = [
    '{"iss":"https://a","iss":"https://b"}',
    '{"iss":"a","sub":"x","\\u0069ss":"b"}',
    '{"keys":[{"kid":"1","kty":"RSA","kid":"2"}]}',
    "{" + Array.from({ length: 300 }, (_, i) => `"k${i}":${i}`).join(",") + ',"k150":0}',
  ];
  for (const text of cases) {
    assert.doesNotThrow(() => JSON.parse(text));
    assert.match(wasm.verdict(utf8(text)), /^ERR:\d+:duplicate key$/, text.slice(0, 80));
  }
});
