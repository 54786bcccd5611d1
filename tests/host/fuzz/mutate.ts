// Byte-level mutations (the raw noise layer under every structure-aware generator): bit flips, byte
// insert/delete/replace, chunk duplication, splicing with another input, dictionary tokens, huge
// repetitions, unicode and broken UTF-8, numbers at their limits. Inputs are byte strings: one JS
// char per byte (latin1), so every byte value 0-255 can be expressed and survives to the module.
import type { Rng } from "./prng.ts";

/** UTF-8 bytes of `s` as a byte string. */
export const utf8 = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

/** Tokens that tend to matter to parsers of cookies, URLs, JSON, JWTs and configuration. */
export const COMMON_TOKENS: readonly string[] = [
  '"', "\\", "\\u", "\\u0000", "\\ud800", "\\udc00", "\\uDBFF\\uDFFF", "\\x", "\\/", "%", "%00", "%2f", "%2F", "%5c",
  "%zz", "%%", "%0d%0a", "%e2%80%ae", "..", "../", "/..", "./", "=", "==", ";", ",", "&", "?", "#", ":", "/", "//",
  "\\\\", "\r\n", "\n", "\r", "\t", " ", "\x00", "\x7f", "{", "}", "[", "]", "{}", "[]", '""', "true", "false", "null",
  "-0", "0", "1e400", "-1e400", "1E+308", "4.9e-324", "9007199254740993", "18446744073709551616",
  "-9223372036854775809", "2147483648", "-2147483649", "0.0000001", "1.", ".5", "01", "0x10", "NaN", "Infinity",
  "__Host-", "oidc_session", "oidc_login_", "__Host-oidc_session_1=", "1.", "8.", "9.", "0.", "eyJ", "e30", "W10",
  "+", "-", "_", "*", "~", "'", "<", ">", "<script>", "javascript:", "https://", "http://", "//evil.example",
  "@", "[::1]", "\u00e9", "\xc3\xa9", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xff", "\xfe\xff",
  "\xef\xbb\xbf", "\xf0\x9d\x84\x9e", "\xe2\x80\xae",
];

const INTERESTING_BYTES = [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x25, 0x26, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x3a, 0x3b, 0x3d,
  0x3f, 0x5c, 0x5f, 0x7b, 0x7d, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xed, 0xf4, 0xfe, 0xff];

export const INTERESTING_NUMBERS: readonly string[] = [
  "0", "-0", "1", "-1", "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648", "4294967295", "4294967296",
  "9007199254740991", "9007199254740992", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "18446744073709551615", "1e10", "1e18", "1e19", "1e308", "1e309", "1e400", "-1e400", "1e-400", "0.5", "1.0", "1e0",
  "3.14", "100000000000000000000000000000000000000", "0.0000000000000000000000000001", "1E2", "123456789012",
];

/** A random Unicode scalar (or, sometimes, a lone surrogate) as UTF-8-ish bytes. */
export function unicodeBytes(rng: Rng): string {
  const kind = rng.int(6);
  if (kind === 0) return utf8(String.fromCodePoint(rng.range(0x80, 0x7ff)));
  if (kind === 1) return utf8(String.fromCodePoint(rng.range(0x800, 0xd7ff)));
  if (kind === 2) return utf8(String.fromCodePoint(rng.range(0x10000, 0x10ffff)));
  if (kind === 3) {
    // A surrogate encoded as if it were a scalar (CESU-style): invalid UTF-8.
    const cp = rng.range(0xd800, 0xdfff);
    return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  if (kind === 4) return rng.pick(["\xc0\xaf", "\xe0\x80\xaf", "\xf8\x88\x80\x80\x80", "\xc3", "\xe2\x82", "\xf0\x9f\x98"]);
  return utf8(rng.pick(["\u200b", "\ufeff", "\u202e", "\uffff", "\ufffd", "\u0085", "\u2028", "\u{1f600}"]));
}

function insertAt(s: string, at: number, piece: string): string {
  return s.slice(0, at) + piece + s.slice(at);
}

export interface MutateOptions {
  /** Surface-specific tokens, used alongside COMMON_TOKENS. */
  dict?: readonly string[];
  /** Other inputs of the same kind, for splicing. */
  others?: readonly string[];
  /** Longest result (huge-length mutations stop here). */
  maxLength?: number;
}

type Mutation = (rng: Rng, s: string, o: MutateOptions) => string;

const token = (rng: Rng, o: MutateOptions): string =>
  o.dict !== undefined && o.dict.length > 0 && rng.chance(0.5) ? rng.pick(o.dict) : rng.pick(COMMON_TOKENS);

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [6, (rng, s) => {
    if (s.length === 0) return String.fromCharCode(rng.int(256));
    const i = rng.int(s.length);
    return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << rng.int(8))) + s.slice(i + 1);
  }],
  [4, (rng, s) => {
    if (s.length === 0) return String.fromCharCode(rng.pick(INTERESTING_BYTES));
    const i = rng.int(s.length);
    const b = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
    return s.slice(0, i) + String.fromCharCode(b) + s.slice(i + 1);
  }],
  [4, (rng, s) => insertAt(s, rng.int(s.length + 1), rng.bytes(rng.smallLength(16) + 1))],
  [5, (rng, s) => {
    if (s.length === 0) return s;
    const i = rng.int(s.length);
    return s.slice(0, i) + s.slice(i + 1 + rng.smallLength(s.length - i - 1));
  }],
  [3, (rng, s) => {
    if (s.length === 0) return s;
    const i = rng.int(s.length);
    const chunk = s.slice(i, i + 1 + rng.smallLength(64));
    return insertAt(s, rng.int(s.length + 1), chunk);
  }],
  [8, (rng, s, o) => insertAt(s, rng.int(s.length + 1), token(rng, o))],
  [4, (rng, s, o) => {
    const i = rng.int(s.length + 1);
    const t = token(rng, o);
    return s.slice(0, i) + t + s.slice(i + t.length);
  }],
  [4, (rng, s, o) => {
    const others = o.others;
    if (others === undefined || others.length === 0) return s;
    const other = rng.pick(others);
    return s.slice(0, rng.int(s.length + 1)) + other.slice(rng.int(other.length + 1));
  }],
  [2, (rng, s, o) => {
    // Huge: one chunk repeated up to the length limit.
    const max = o.maxLength ?? 70_000;
    const i = rng.int(s.length + 1);
    const chunk = s.length > 0 && rng.chance(0.6) ? s.slice(i, i + 1 + rng.int(8)) : token(rng, o);
    const times = Math.max(1, Math.floor(rng.int(max) / Math.max(1, chunk.length)));
    return insertAt(s, i, chunk.repeat(Math.min(times, Math.floor(max / Math.max(1, chunk.length)))));
  }],
  [3, (rng, s) => s.slice(0, rng.int(s.length + 1))],
  [2, (rng, s) => {
    if (s.length < 2) return s;
    const a = rng.int(s.length);
    const b = rng.int(s.length);
    const [x, y] = a < b ? [a, b] : [b, a];
    const len = Math.min(rng.smallLength(32) + 1, y - x, s.length - y);
    if (len <= 0) return s;
    return s.slice(0, x) + s.slice(y, y + len) + s.slice(x + len, y) + s.slice(x, x + len) + s.slice(y + len);
  }],
  [2, (rng, s) => {
    const i = rng.int(s.length + 1);
    const j = Math.min(s.length, i + rng.smallLength(32) + 1);
    const part = s.slice(i, j);
    // ASCII only: toUpperCase() maps some latin1 bytes outside 0-255 ("µ" → "Μ", "ÿ" → "Ÿ").
    const changed = rng.chance(0.5) ? part.replace(/[a-z]+/g, (m) => m.toUpperCase()) : part.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    return s.slice(0, i) + changed + s.slice(j);
  }],
  [3, (rng, s) => insertAt(s, rng.int(s.length + 1), unicodeBytes(rng))],
  [3, (rng, s) => {
    // Replace a run of digits with an interesting number.
    const runs = [...s.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
    const n = rng.pick(INTERESTING_NUMBERS);
    if (runs.length === 0) return insertAt(s, rng.int(s.length + 1), n);
    const m = rng.pick(runs);
    return s.slice(0, m.index) + n + s.slice(m.index! + m[0].length);
  }],
];

/** One to a few stacked byte-level mutations of `s`. */
export function mutateBytes(rng: Rng, s: string, o: MutateOptions = {}): string {
  const max = o.maxLength ?? 70_000;
  let out = s;
  const n = 1 + (rng.chance(0.5) ? 0 : rng.smallLength(6));
  for (let i = 0; i < n; i++) {
    out = rng.weighted(MUTATIONS)(rng, out, o);
    if (out.length > max) out = out.slice(0, max);
  }
  return out;
}

/** Fresh noise: random bytes, random printable text, or a dictionary soup. */
export function noise(rng: Rng, o: MutateOptions = {}): string {
  const n = rng.smallLength(rng.chance(0.05) ? (o.maxLength ?? 70_000) : 256);
  const kind = rng.int(3);
  if (kind === 0) return rng.bytes(n);
  if (kind === 1) return Buffer.from(Buffer.from(rng.bytes(n), "latin1").map((b) => 0x20 + (b % 95))).toString("latin1");
  let s = "";
  while (s.length < n) s += token(rng, o);
  return s;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Mutations that keep a base64url value mostly well-formed, so that decoding succeeds and the bytes
 * underneath reach the next layer (AEAD, JSON, signature) instead of stopping at the alphabet.
 */
export function mutateBase64Url(rng: Rng, s: string): string {
  const k = rng.int(8);
  if (k === 0 && s.length > 0) {
    const i = rng.int(s.length);
    return s.slice(0, i) + rng.pick([...B64URL]) + s.slice(i + 1);
  }
  if (k === 1) return s.slice(0, Math.max(0, s.length - rng.range(1, 4)));
  if (k === 2) return s + B64URL[rng.int(64)].repeat(rng.range(1, 3));
  if (k === 3) return s + rng.pick(["=", "==", "===", "%3D"]);
  if (k === 4) return s.replace(/-/g, "+").replace(/_/g, "/");
  if (k === 5) return rng.chance(0.5) ? "" : s.slice(0, rng.int(s.length + 1));
  if (k === 6) {
    // Decode, flip bits in the bytes, encode again: well-formed base64url, different bytes.
    const bytes = Buffer.from(s, "base64url");
    if (bytes.length === 0) return s;
    for (let n = rng.range(1, 3); n > 0; n--) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
    return bytes.toString("base64url");
  }
  return mutateBytes(rng, s);
}
