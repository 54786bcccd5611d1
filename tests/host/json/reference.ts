// The strict reference for the JSON differential tests (tests/host/json.test.ts and
// json-hostile.test.ts): WHATWG UTF-8 decoding with fatal errors and no BOM stripping, then V8's
// JSON.parse. Where the reference accepts and the module refuses, the refusal must be one of our
// documented choices, and an independent scan of the accepted text (textStats) must confirm it.
// Values are compared in the canonical form that assembly/testing/json.ts writes.
import assert from "node:assert/strict";

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
export function numberBits(x: number): string {
  bitsView.setFloat64(0, x);
  return "#" + bitsView.getBigUint64(0).toString(16).padStart(16, "0");
}

/** Same format as the module: numbers as their binary64 bits, objects in the given key order. */
export function canonical(v: unknown, sorted: boolean): string {
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

export interface TextStats {
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

export function textStats(text: string): TextStats {
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

export interface Limits { input: number; depth: number; string: number; members: number; values: number }
export const DEFAULTS: Limits = { input: 1 << 20, depth: 32, string: 65536, members: 10000, values: 100000 };

/** Our error messages for documented refusals of text JSON.parse accepts, each with its evidence. */
export function documentedReasons(bytes: Uint8Array, s: TextStats, l: Limits): Set<string> {
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

export function errorMessage(out: string): string {
  const second = out.indexOf(":", 4);
  return out.slice(second + 1);
}

function errorOffset(out: string): number {
  return Number(out.slice(4, out.indexOf(":", 4)));
}

/** Checks one input against the reference; returns the category it fell in, for the tallies. */
export function checkAgainstReference(bytes: Uint8Array, ours: string, label: string): string {
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
