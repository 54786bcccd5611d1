// Percent-encoding (RFC 3986 §2.1) and application/x-www-form-urlencoded (WHATWG URL §5) for the
// values the filter puts into URLs, form bodies and Location headers, and strict decoding of the
// query strings browsers send to the callback. Decoding returns null on malformed input.

import { utf8Decode } from "./utf8";
import { joinStrings } from "./join";

const HEX = "0123456789ABCDEF";

/** RFC 3986 §2.3 unreserved characters: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c == 0x2d || c == 0x2e || c == 0x5f || c == 0x7e;
}

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Percent-encodes everything but the unreserved set; safe for query values and form fields. */
export function percentEncode(s: string): string {
  const bytes = Uint8Array.wrap(String.UTF8.encode(s));
  let plain = true;
  for (let i = 0; i < bytes.length; i++) {
    if (!isUnreserved(unchecked(bytes[i]))) { plain = false; break; }
  }
  if (plain) return s;
  const parts = new Array<string>();
  for (let i = 0; i < bytes.length; i++) {
    const c = unchecked(bytes[i]) as i32;
    if (isUnreserved(c)) {
      parts.push(String.fromCharCode(c));
    } else {
      parts.push("%" + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
    }
  }
  return joinStrings(parts, "");
}

/** application/x-www-form-urlencoded encoding; RFC 6749 §2.3.1 applies it to client id and secret. */
export function formEncode(s: string): string {
  // Every reserved byte is percent-encoded, so "+" never appears unescaped: the encoding of a space
  // as %20 is accepted by every form decoder, which keeps one encoder for URLs and forms.
  return percentEncode(s);
}

/**
 * Decodes %XX escapes (and "+" as space when `plusIsSpace`). Null when an escape is malformed or
 * the result is not valid UTF-8: a value we cannot read exactly is a value we refuse.
 */
export function percentDecode(s: string, plusIsSpace: bool): string | null {
  const src = Uint8Array.wrap(String.UTF8.encode(s));
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = unchecked(src[i]) as i32;
    if (c == 0x25) {
      if (i + 2 >= src.length) return null;
      const hi = hexValue(unchecked(src[i + 1]));
      const lo = hexValue(unchecked(src[i + 2]));
      if (hi < 0 || lo < 0) return null;
      unchecked((out[n++] = ((hi << 4) | lo) as u8));
      i += 2;
    } else if (c == 0x2b && plusIsSpace) {
      unchecked((out[n++] = 0x20));
    } else {
      unchecked((out[n++] = c as u8));
    }
  }
  return utf8Decode(out.subarray(0, n));
}

/** One name=value pair of a query string or form body, both decoded. */
export class QueryParam {
  constructor(public name: string, public value: string) {}
}

/**
 * Parses a query string (without the leading "?") into decoded pairs, keeping duplicates so callers
 * can refuse them (security.md B.22). Null when any pair is malformed or there are too many.
 */
export function parseQuery(query: string, maxParams: i32 = 64): Array<QueryParam> | null {
  const out = new Array<QueryParam>();
  if (query.length == 0) return out;
  const parts = query.split("&");
  if (parts.length > maxParams) return null;
  for (let i = 0; i < parts.length; i++) {
    const part = unchecked(parts[i]);
    if (part.length == 0) continue;
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.substring(0, eq);
    const rawValue = eq < 0 ? "" : part.substring(eq + 1);
    const name = percentDecode(rawName, true);
    const value = percentDecode(rawValue, true);
    if (name === null || value === null) return null;
    out.push(new QueryParam(name, value));
  }
  return out;
}

/** Number of params named `name`: callers treat more than one as an error. */
export function countParam(params: Array<QueryParam>, name: string): i32 {
  let n = 0;
  for (let i = 0; i < params.length; i++) if (unchecked(params[i]).name == name) n++;
  return n;
}

/** The value of the single param `name`, or null when absent. */
export function getParam(params: Array<QueryParam>, name: string): string | null {
  for (let i = 0; i < params.length; i++) {
    const p = unchecked(params[i]);
    if (p.name == name) return p.value;
  }
  return null;
}

/** Splits a request :path into path and query at the first "?"; a "#" never reaches a server. */
export function splitPathQuery(rawPath: string): string[] {
  const q = rawPath.indexOf("?");
  if (q < 0) return [rawPath, ""];
  return [rawPath.substring(0, q), rawPath.substring(q + 1)];
}
