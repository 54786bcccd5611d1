// Test-only exports over the JSON parser for tests/host/json.test.ts (differential and fuzz tests
// against JSON.parse). The canonical form is JSON in source order with numbers written as "#" and
// the 16 hex digits of their binary64 bits, so that both sides agree on exact values without
// depending on either side's number formatting.
import { JsonResult, parseJson } from "../core/json/parser";
import { JsonLimits } from "../core/json/limits";
import { JsonKind, JsonValue } from "../core/json/value";

const HEX = "0123456789abcdef";

function canonicalString(s: string, out: string[]): void {
  let r = "\"";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u == 0x22 || u == 0x5c || u < 0x20) {
      r += s.substring(from, i);
      r += "\\u00" + HEX.charAt(u >> 4) + HEX.charAt(u & 15);
      from = i + 1;
    }
  }
  r += s.substring(from);
  out.push(r + "\"");
}

/** Ordinal order of UTF-16 code units, as JavaScript's default sort uses. */
function ordinal(a: string, b: string): i32 {
  const n = min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = <i32>a.charCodeAt(i) - <i32>b.charCodeAt(i);
    if (d != 0) return d;
  }
  return a.length - b.length;
}

function hexBits(f: f64): string {
  const bits = reinterpret<u64>(f);
  let r = "#";
  for (let shift = 60; shift >= 0; shift -= 4) r += HEX.charAt(<i32>((bits >> <u64>shift) & 15));
  return r;
}

function canonical(v: JsonValue, out: string[], sorted: bool): void {
  switch (v.kind) {
    case JsonKind.Null: out.push("null"); break;
    case JsonKind.Bool: out.push(v.asBool().value ? "true" : "false"); break;
    case JsonKind.Number: out.push(hexBits(v.asNumber().value)); break;
    case JsonKind.String: canonicalString(v.asString()!, out); break;
    case JsonKind.Array: {
      out.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out.push(",");
        canonical(v.at(i)!, out, sorted);
      }
      out.push("]");
      break;
    }
    default: {
      // Sorted: by code unit, each member found through get(), so lookups are checked too.
      const keys = v.keys();
      if (sorted) keys.sort((a: string, b: string): i32 => ordinal(a, b));
      out.push("{");
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out.push(",");
        canonicalString(keys[i], out);
        out.push(":");
        const member = sorted ? v.get(keys[i]) : v.at(i);
        if (member == null) out.push("MISSING");
        else canonical(member, out, sorted);
      }
      out.push("}");
    }
  }
}

/** The canonical form with members in source order, or "ERR:<offset>:<message>". */
export function parse(input: Uint8Array): string {
  return render(parseJson(input), false);
}

/** The canonical form with members sorted by name (JavaScript objects reorder integer-like names). */
export function parseSorted(input: Uint8Array): string {
  return render(parseJson(input), true);
}

/** Like parse, with every limit given (for the limit tests). */
export function parseWithLimits(input: Uint8Array, maxInputBytes: i32, maxDepth: i32, maxStringBytes: i32, maxMembers: i32, maxValues: i32): string {
  return render(parseJson(input, new JsonLimits(maxInputBytes, maxDepth, maxStringBytes, maxMembers, maxValues)), true);
}

/** Only accept or reject: for timing and for the mutation fuzz, where the canonical form is not needed. */
export function verdict(input: Uint8Array): string {
  const r = parseJson(input);
  return r.ok ? "OK" : "ERR:" + r.offset.toString() + ":" + r.error;
}

/** For a one-number document: "safe:<i64>", "big", "fraction" or "ERR…", then ":" and the f64 bits. */
export function numberInfo(input: Uint8Array): string {
  const r = parseJson(input);
  const v = r.value;
  if (!r.ok || v == null) return "ERR:" + r.offset.toString() + ":" + r.error;
  if (!v.isNumber()) return "not a number";
  const bits = hexBits(v.asNumber().value);
  if (v.isSafeInteger()) return "safe:" + v.asSafeInteger().value.toString() + ":" + bits;
  if (v.isBigInteger()) return "big:" + bits;
  return "fraction:" + bits;
}

function render(r: JsonResult, sorted: bool): string {
  const v = r.value;
  if (!r.ok || v == null) return "ERR:" + r.offset.toString() + ":" + r.error;
  const out = new Array<string>();
  canonical(v, out, sorted);
  return out.join("");
}

/** Parses and reads the claims an ID-token check reads; for the benchmark (no string marshalling). */
export function readClaims(input: Uint8Array): i32 {
  const r = parseJson(input);
  const v = r.value;
  if (v == null || !v.isObject()) return -1;
  const exp = v.getSafeInteger("exp");
  const iss = v.getString("iss");
  const aud = v.get("aud");
  return (exp.ok ? 1 : 0) + (iss != null ? 2 : 0) + (aud != null ? 4 : 0) + (v.length << 3);
}

/** readClaims `times` times inside the module: the parse cost without the JS↔Wasm copy. */
export function readClaimsRepeat(input: Uint8Array, times: i32): i32 {
  let sum = 0;
  for (let i = 0; i < times; i++) sum += readClaims(input);
  return sum;
}
