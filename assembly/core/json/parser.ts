// The JSON text grammar of RFC 8259 §2–§5, parsed without recursion: open arrays and objects live on
// an explicit stack whose height is checked against JsonLimits.maxDepth before each push, so 10^5
// nested "[" fail after maxDepth bytes and never touch the wasm call stack. Stricter than RFC 8259
// where it leaves a choice (documented in tests/unit/json/suite.spec.ts): duplicate member names
// (RFC 7515 §5.2, RFC 7519 §4, security.md item 11), lone surrogates in \u escapes, a byte order mark,
// and numbers beyond the largest double are all errors.
import { Cursor } from "./cursor";
import { hasDuplicateInOrder, containsKey, LINEAR_SCAN_MAX, sortedOrder } from "./keyindex";
import { DEFAULT_LIMITS, JsonLimits } from "./limits";
import { readNumber } from "./number";
import { readString } from "./string";
import { JsonValue } from "./value";

/** A parsed document, or the first error and the byte offset where it was found. */
export class JsonResult {
  constructor(
    public readonly value: JsonValue | null,
    public readonly error: string,
    /** Byte offset of the error in the input; -1 on success. */
    public readonly offset: i32,
  ) {}

  get ok(): bool {
    return this.value != null && this.error.length == 0;
  }
}

/** An array or object still open. */
class Frame {
  values: Array<JsonValue> = [];
  constructor(
    public readonly names: Array<string> | null,
    public readonly open: i32,
  ) {}
}

export function parseJson(input: Uint8Array, limits: JsonLimits = DEFAULT_LIMITS): JsonResult {
  if (input.length > limits.maxInputBytes) {
    return new JsonResult(null, "input too large", max(0, limits.maxInputBytes));
  }
  const c = new Cursor(input, limits);
  const value = parseDocument(c);
  if (value == null || c.failed) {
    return new JsonResult(null, c.failed ? c.error : "invalid JSON", c.errorOffset);
  }
  return new JsonResult(value, "", -1);
}

/** Parses a string's UTF-8 encoding. A lone surrogate in s is refused as invalid UTF-8. */
export function parseJsonString(s: string, limits: JsonLimits = DEFAULT_LIMITS): JsonResult {
  // Each UTF-16 unit is at most 3 UTF-8 bytes; refuse early rather than encode a huge string.
  if (<i64>s.length > <i64>limits.maxInputBytes) {
    return new JsonResult(null, "input too large", max(0, limits.maxInputBytes));
  }
  return parseJson(Uint8Array.wrap(String.UTF8.encode(s)), limits);
}

function parseDocument(c: Cursor): JsonValue | null {
  const stack = new Array<Frame>();
  const limits = c.limits;
  c.skipWhitespace();
  while (true) {
    // Here a value starts at c.pos.
    let value: JsonValue | null = null;
    const ch = c.peek();
    if (ch == 0x7b || ch == 0x5b) {
      if (stack.length >= limits.maxDepth) {
        c.fail("nesting too deep", c.pos);
        return null;
      }
      if (!c.countValue()) return null;
      const isObject = ch == 0x7b;
      const frame = new Frame(isObject ? new Array<string>() : null, c.pos);
      stack.push(frame);
      c.pos++;
      c.skipWhitespace();
      if (c.peek() == (isObject ? 0x7d : 0x5d)) {
        c.pos++;
        stack.pop();
        value = close(c, frame);
        if (value == null) return null;
      } else {
        if (isObject && !readKey(c, frame)) return null;
        continue;
      }
    } else {
      value = readScalar(c);
      if (value == null) return null;
    }
    // A value is complete: attach it to the open container, then consume separators and closers.
    while (true) {
      if (stack.length == 0) {
        c.skipWhitespace();
        if (c.pos < c.len) {
          c.fail("unexpected data after the value", c.pos);
          return null;
        }
        return value;
      }
      const top = unchecked(stack[stack.length - 1]);
      if (top.values.length >= limits.maxMembers) {
        c.fail("too many members", c.pos);
        return null;
      }
      top.values.push(value);
      c.skipWhitespace();
      const next = c.peek();
      const names = top.names;
      if (next == 0x2c) {
        c.pos++;
        c.skipWhitespace();
        if (names != null && !readKey(c, top)) return null;
        break;
      }
      if (next == (names != null ? 0x7d : 0x5d)) {
        c.pos++;
        stack.pop();
        value = close(c, top);
        if (value == null) return null;
        continue;
      }
      if (next < 0) c.fail("unexpected end of input", c.pos);
      else c.fail(names != null ? "expected ',' or '}'" : "expected ',' or ']'", c.pos);
      return null;
    }
  }
}

/** Reads `"name" :` for the next member of an object frame, refusing duplicates. */
function readKey(c: Cursor, frame: Frame): bool {
  const names = frame.names;
  if (names == null) return false;
  if (c.peek() != 0x22) {
    c.fail(c.peek() < 0 ? "unexpected end of input" : "expected a string key", c.pos);
    return false;
  }
  if (names.length >= c.limits.maxMembers) {
    c.fail("too many members", c.pos);
    return false;
  }
  const at = c.pos;
  const key = readString(c);
  if (key == null) return false;
  // Small objects are checked here; larger ones once more in close(), over a sorted index.
  if (names.length < LINEAR_SCAN_MAX && containsKey(names, names.length, key)) {
    c.fail("duplicate key", at);
    return false;
  }
  names.push(key);
  c.skipWhitespace();
  if (c.peek() != 0x3a) {
    c.fail(c.peek() < 0 ? "unexpected end of input" : "expected ':'", c.pos);
    return false;
  }
  c.pos++;
  c.skipWhitespace();
  return true;
}

/** Turns a finished frame into its value; for large objects, builds the index and checks duplicates. */
function close(c: Cursor, frame: Frame): JsonValue | null {
  const names = frame.names;
  if (names == null) return JsonValue.array(frame.values);
  if (names.length != frame.values.length) {
    c.fail("expected a value", c.pos);
    return null;
  }
  let order: StaticArray<i32> | null = null;
  if (names.length > LINEAR_SCAN_MAX) {
    const sorted = sortedOrder(names);
    if (hasDuplicateInOrder(names, sorted)) {
      c.fail("duplicate key", frame.open);
      return null;
    }
    order = sorted;
  }
  return JsonValue.object(names, frame.values, order);
}

function readScalar(c: Cursor): JsonValue | null {
  const ch = c.peek();
  if (ch == 0x22) {
    if (!c.countValue()) return null;
    const s = readString(c);
    return s == null ? null : JsonValue.string(s);
  }
  if (ch == 0x2d || <u32>(ch - 0x30) < 10) {
    if (!c.countValue()) return null;
    return readNumber(c);
  }
  if (ch == 0x74 && matchLiteral(c, "true")) return c.countValue() ? JsonValue.bool(true) : null;
  if (ch == 0x66 && matchLiteral(c, "false")) return c.countValue() ? JsonValue.bool(false) : null;
  if (ch == 0x6e && matchLiteral(c, "null")) return c.countValue() ? JsonValue.null() : null;
  if (ch < 0) c.fail("unexpected end of input", c.pos);
  else if (ch == 0xef && c.byteAt(c.pos + 1) == 0xbb && c.byteAt(c.pos + 2) == 0xbf) {
    c.fail("byte order mark is not allowed", c.pos); // RFC 8259 §8.1
  } else c.fail("unexpected character", c.pos);
  return null;
}

/** Consumes the ASCII literal at c.pos if it is there in full. */
function matchLiteral(c: Cursor, literal: string): bool {
  const n = literal.length;
  for (let i = 0; i < n; i++) {
    if (c.byteAt(c.pos + i) != <i32>literal.charCodeAt(i)) return false;
  }
  c.pos += n;
  return true;
}
