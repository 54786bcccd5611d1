// Structure-aware JSON mutation. A document is held as a tree that can express what JSON.parse
// would erase: duplicate member names, number tokens beyond double precision (1e400, 2^64), raw
// junk in a value position, keys written with escapes ("\u0069ss"). Mutations work on the tree;
// serialization gives a byte string (UTF-8, or anything a raw token holds).
import type { Rng } from "./prng.ts";
import { COMMON_TOKENS, INTERESTING_NUMBERS, mutateBytes, unicodeBytes, utf8 } from "./mutate.ts";

export type J =
  | { k: "o"; m: [key: J, value: J][] }
  | { k: "a"; a: J[] }
  | { k: "s"; v: string }
  /** A raw token, written as is: numbers, literals, or deliberately broken text. */
  | { k: "r"; raw: string };

export const str = (v: string): J => ({ k: "s", v });
export const raw = (r: string): J => ({ k: "r", raw: r });

export function fromJs(v: unknown): J {
  if (v === null) return raw("null");
  if (typeof v === "boolean") return raw(String(v));
  if (typeof v === "number") return raw(JSON.stringify(v));
  if (typeof v === "string") return str(v);
  if (Array.isArray(v)) return { k: "a", a: v.map(fromJs) };
  if (typeof v === "object") return { k: "o", m: Object.entries(v as object).map(([key, val]) => [str(key), fromJs(val)]) };
  return raw("null");
}

/** Serializes to a byte string; with `rng`, sometimes with odd but legal whitespace. */
export function serialize(j: J, rng?: Rng): string {
  const parts: string[] = [];
  const ws = (): string => (rng !== undefined && rng.chance(0.02) ? rng.pick([" ", "\n", "\t", "\r\n", "  "]) : "");
  const walk = (n: J): void => {
    switch (n.k) {
      case "s": parts.push(utf8(JSON.stringify(n.v))); break;
      case "r": parts.push(/[^\x00-\xff]/.test(n.raw) ? utf8(n.raw) : n.raw); break;
      case "a":
        parts.push("[");
        n.a.forEach((x, i) => { if (i > 0) parts.push(","); parts.push(ws()); walk(x); });
        parts.push("]");
        break;
      case "o":
        parts.push("{");
        n.m.forEach(([key, val], i) => { if (i > 0) parts.push(","); parts.push(ws()); walk(key); parts.push(ws(), ":"); walk(val); });
        parts.push("}");
        break;
    }
  };
  walk(j);
  return parts.join("");
}

export function clone(j: J): J {
  switch (j.k) {
    case "s": return { k: "s", v: j.v };
    case "r": return { k: "r", raw: j.raw };
    case "a": return { k: "a", a: j.a.map(clone) };
    case "o": return { k: "o", m: j.m.map(([key, val]) => [clone(key), clone(val)]) };
  }
}

/** Member value of an object node by plain key (first match), or undefined. */
export function member(j: J, key: string): J | undefined {
  if (j.k !== "o") return undefined;
  return j.m.find(([k]) => k.k === "s" && k.v === key)?.[1];
}

export function setMember(j: J, key: string, value: J): void {
  if (j.k !== "o") return;
  const at = j.m.findIndex(([k]) => k.k === "s" && k.v === key);
  if (at >= 0) j.m[at][1] = value;
  else j.m.push([str(key), value]);
}

export function deleteMember(j: J, key: string): void {
  if (j.k === "o") j.m = j.m.filter(([k]) => !(k.k === "s" && k.v === key));
}

// ------------------------------------------------------------------ random values

const WEIRD_STRINGS = [
  "", " ", "\u0000", "\ud800", "\udfff", "\ud800\udc00", "\uffff", "\u202e", "é", "𝄞", "a".repeat(300), "null", "true",
  "1", "-1", "1e400", "[]", "{}", "..", "../..", "%00", "%", "%2e%2e", "a\"b", "a\\b", "\r\n", "Bearer", "bearer", "BEARER",
  "none", "None", "RS256", "HS256", "ES256", "EdDSA", "PS256", "ES512", "RSA", "EC", "OKP", "oct", "sig", "enc", "verify",
  "P-256", "P-384", "P-521", "Ed25519", "X25519", "JWT", "at+jwt", "logout+jwt", "application/jwt", "AQAB", "AA", "AQAA",
  "https://idp.example.test", "https://idp.example.test/", "http://idp.example.test", "HTTPS://IDP.EXAMPLE.TEST",
  "https://evil.example", "//evil.example", "javascript:alert(1)", "https://idp.example.test/../x", "https://[::1]:443/x",
  "https://idp.example.test:0/", "https://idp.example.test:99999/", "https://user@idp.example.test/",
  "https://idp.example.test/#f", "https://idp.example.test/?q=1", "S256", "plain", "demo-client",
];

const RAW_VALUES = [
  "true", "false", "null", "tru", "nul", "True", "NULL", "NaN", "Infinity", "-Infinity", "undefined", "'x'", "0x1F",
  "+1", "--1", "1.", ".1", "1e", "1e+", "01", "-", "1_000", "\"unterminated", "\"\\x41\"", "\"\\u12\"", "\"\\ud800\"",
  "\"\\udc00\\ud800\"", "\"\x00\"", "\"\x1f\"", "\"\xff\xfe\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"\\", "[", "{", "]", "}",
  ",", ":", "[,]", "{,}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{1:2}", "/*c*/1", "1 2",
];

/** A random JSON value: scalar most of the time, sometimes a small container. */
export function randomValue(rng: Rng, depth = 0): J {
  const r = rng.int(12);
  if (r <= 2) return raw(rng.pick(INTERESTING_NUMBERS));
  if (r <= 5) return str(rng.chance(0.8) ? rng.pick(WEIRD_STRINGS) : Buffer.from(rng.bytes(rng.smallLength(40)), "latin1").toString("latin1"));
  if (r === 6) return raw(rng.pick(["true", "false", "null"]));
  if (r === 7) return raw(rng.pick(RAW_VALUES));
  if (depth > 2) return raw("null");
  if (r <= 9) return { k: "a", a: Array.from({ length: rng.smallLength(5) }, () => randomValue(rng, depth + 1)) };
  return { k: "o", m: Array.from({ length: rng.smallLength(4) }, () => [str(rng.pick(WEIRD_STRINGS)), randomValue(rng, depth + 1)] as [J, J]) };
}

/** Nests `inner` `depth` levels deep in arrays or objects. */
export function nest(inner: string, depth: number, asObject: boolean): string {
  return asObject ? '{"a":'.repeat(depth) + inner + "}".repeat(depth) : "[".repeat(depth) + inner + "]".repeat(depth);
}

function deepValue(rng: Rng): J {
  const depth = rng.pick([31, 32, 33, 64, 1000, rng.range(2, 40), 100_000]);
  const closed = rng.chance(0.8);
  const text = nest(rng.chance(0.5) ? "1" : "[]", depth, rng.chance(0.3));
  return raw(closed ? text : text.slice(0, Math.floor(text.length / 2) + 1));
}

function hugeValue(rng: Rng): J {
  switch (rng.int(6)) {
    case 0: return str("x".repeat(rng.pick([65_535, 65_536, 65_537, 200_000])));
    case 1: return { k: "a", a: Array.from({ length: rng.pick([9_999, 10_000, 10_001, 20_000]) }, () => raw("0")) };
    case 2: return raw("9".repeat(rng.pick([20, 309, 400, 5_000])));
    case 3: return raw("1e" + "9".repeat(rng.range(3, 30)));
    case 4: return raw("0." + "0".repeat(rng.range(300, 5000)) + "1");
    default: return { k: "o", m: Array.from({ length: rng.pick([100, 10_001]) }, (_, i) => [str("k" + i), raw("1")] as [J, J]) };
  }
}

// ------------------------------------------------------------------ tree mutation

/** A place in the tree: the root, an array element or an object member (by position). */
interface Slot { parent: J | null; index: number }

function getSlot(root: { v: J }, s: Slot): J {
  if (s.parent === null) return root.v;
  return s.parent.k === "a" ? s.parent.a[s.index] : (s.parent as { k: "o"; m: [J, J][] }).m[s.index][1];
}

function setSlot(root: { v: J }, s: Slot, v: J): void {
  if (s.parent === null) root.v = v;
  else if (s.parent.k === "a") s.parent.a[s.index] = v;
  else (s.parent as { k: "o"; m: [J, J][] }).m[s.index][1] = v;
}

function removeSlot(s: Slot): void {
  if (s.parent === null) return;
  if (s.parent.k === "a") s.parent.a.splice(s.index, 1);
  else (s.parent as { k: "o"; m: [J, J][] }).m.splice(s.index, 1);
}

/** A uniformly chosen place among the first 2000 of the tree (reservoir sampling, no allocation per node). */
function pickSlot(rng: Rng, root: { v: J }): Slot {
  let chosen: Slot = { parent: null, index: 0 };
  let seen = 1;
  const stack: J[] = [root.v];
  while (stack.length > 0 && seen < 2000) {
    const n = stack.pop()!;
    const len = n.k === "a" ? n.a.length : n.k === "o" ? n.m.length : 0;
    for (let i = 0; i < len && seen < 2000; i++) {
      seen++;
      if (rng.int(seen) === 0) chosen = { parent: n, index: i };
      const child = n.k === "a" ? n.a[i] : (n as { k: "o"; m: [J, J][] }).m[i][1];
      if (child.k === "a" || child.k === "o") stack.push(child);
    }
  }
  return chosen;
}

export interface JsonMutateOptions {
  /** Member names worth adding or duplicating (the keys the consumer looks at). */
  keys?: readonly string[];
  /** Values worth planting for this document kind. */
  values?: readonly J[];
}

/** Escapes every char of a key as \uXXXX: the same name to a conforming parser. */
function escapedKey(k: string): string {
  return '"' + [...k].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("") + '"';
}

function mutateOnce(rng: Rng, root: { v: J }, o: JsonMutateOptions): void {
  const slot = pickSlot(rng, root);
  const node = getSlot(root, slot);
  const set = (v: J): void => setSlot(root, slot, v);
  const parent = slot.parent;
  const pair = parent !== null && parent.k === "o" ? parent.m[slot.index] : undefined;
  const keys = o.keys ?? [];
  switch (rng.int(16)) {
    case 0: case 1: set(randomValue(rng)); break;
    case 2: set(o.values !== undefined && o.values.length > 0 ? clone(rng.pick(o.values)) : randomValue(rng)); break;
    case 3: removeSlot(slot); break;
    case 4:
      // Duplicate a member: same name twice, the second with another value (or the same).
      if (parent !== null && parent.k === "o" && pair !== undefined) {
        parent.m.splice(rng.int(parent.m.length + 1), 0, [clone(pair[0]), rng.chance(0.5) ? clone(node) : randomValue(rng)]);
      }
      break;
    case 5: case 6: {
      const target = node.k === "o" ? node : root.v.k === "o" ? root.v : null;
      if (target !== null && target.k === "o") {
        const key = keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : rng.pick(WEIRD_STRINGS);
        const value = rng.chance(0.3) && o.values !== undefined && o.values.length > 0 ? clone(rng.pick(o.values)) : randomValue(rng);
        target.m.splice(rng.int(target.m.length + 1), 0, [str(key), value]);
      }
      break;
    }
    case 7: set(deepValue(rng)); break;
    case 8: set(rng.chance(0.3) ? hugeValue(rng) : randomValue(rng)); break;
    case 9:
      if (node.k === "s") set(str(node.v + rng.pick(WEIRD_STRINGS)));
      else if (node.k === "r") set(raw(rng.pick(INTERESTING_NUMBERS)));
      else set(randomValue(rng));
      break;
    case 10:
      // Type confusion: "123" vs 123, [x] vs x, {} vs [].
      if (node.k === "s") set(rng.chance(0.5) ? raw(/^-?\d/.test(node.v) ? node.v : "0") : { k: "a", a: [node] });
      else if (node.k === "r") set(str(node.raw));
      else if (node.k === "a") set(node.a[0] ?? { k: "o", m: [] });
      else set({ k: "a", a: node.m.map(([, v]) => v) });
      break;
    case 11:
      if (pair !== undefined && pair[0].k === "s") {
        const k = pair[0].v;
        const choice = rng.int(4);
        if (choice === 0) pair[0] = raw(escapedKey(k));
        else if (choice === 1) pair[0] = str(k.toUpperCase());
        else if (choice === 2) pair[0] = str(k + rng.pick([" ", "\u0000", "\u200b", "x"]));
        else pair[0] = raw(rng.pick(['"' + k, k, "'" + k + "'", '"' + k + '\\"']));
      }
      break;
    case 12:
      // Byte-level damage to one string's content, keeping its quotes.
      if (node.k === "s") set(raw('"' + mutateBytes(rng, utf8(node.v).replace(/["\\]/g, (c) => "\\" + c), { dict: COMMON_TOKENS }) + '"'));
      else set(raw(mutateBytes(rng, serialize(node))));
      break;
    case 13:
      if (node.k === "a" && node.a.length > 0) node.a.push(...node.a.slice(0, rng.smallLength(8)).map(clone));
      else set({ k: "a", a: [clone(node), randomValue(rng)] });
      break;
    case 14: set(str(Buffer.from(unicodeBytes(rng), "latin1").toString("utf8"))); break;
    default: set(raw(rng.pick(RAW_VALUES)));
  }
}

/** One to a few structural mutations of a copy of `doc`. */
export function mutateJson(rng: Rng, doc: J, o: JsonMutateOptions = {}): J {
  const root = { v: clone(doc) };
  const n = 1 + (rng.chance(0.6) ? 0 : rng.smallLength(4));
  for (let i = 0; i < n; i++) mutateOnce(rng, root, o);
  return root.v;
}

/**
 * A mutated serialization of `doc`: structural mutations, then sometimes byte-level damage on top
 * (which may break the JSON, the point being to reach every error path of the parser).
 */
export function fuzzJsonText(rng: Rng, doc: J, o: JsonMutateOptions = {}, byteNoise = 0.25): string {
  const tree = rng.chance(0.9) ? mutateJson(rng, doc, o) : doc;
  const text = serialize(tree, rng);
  return rng.chance(byteNoise) ? mutateBytes(rng, text, { dict: o.keys?.map((k) => `"${k}"`), maxLength: Math.max(70_000, text.length + 1000) }) : text;
}

export { randomValue as randomJsonValue };
