// The JSON text grammar of RFC 8259 §2–§5, parsed without recursion: open arrays and objects live on
// an explicit stack whose height is checked against JsonLimits.maxDepth before each push, so 10^5
// nested "[" fail after maxDepth bytes and never touch the wasm call stack. Stricter than RFC 8259
// where it leaves a choice (documented in tests/unit/json/suite.spec.ts): duplicate member names
// (RFC 7515 §5.2, RFC 7519 §4, security.md item 11), lone surrogates in \u escapes, a byte order mark,
// and numbers beyond the largest double are all errors. The result is a tape (see tape.ts).
import { Cursor, FRAME } from "./cursor";
import { compareNames, laterDuplicate, LINEAR_SCAN_MAX, nameHash, sortNames } from "./keyindex";
import { DEFAULT_LIMITS, JsonLimits } from "./limits";
import { readNumber } from "./number";
import { scanString } from "./string";
import {
  FLAG_PLAIN, FLAG_TRUE, JsonDocument, KIND_ARRAY, KIND_BOOL, KIND_NAME, KIND_NULL, KIND_OBJECT,
  KIND_STRING,
} from "./tape";
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

export function parseJson(input: Uint8Array, limits: JsonLimits = DEFAULT_LIMITS): JsonResult {
  const n = input.length;
  if (n > limits.maxInputBytes) {
    return new JsonResult(null, "input too large", max(0, limits.maxInputBytes));
  }
  // Values keep spans of the input, so they get their own copy: the caller may reuse its buffer.
  const bytes = new StaticArray<u8>(n);
  memory.copy(changetype<usize>(bytes), input.dataStart, <usize>n);
  return parseBytes(bytes, limits);
}

/** Parses a string's UTF-8 encoding. A lone surrogate in s is refused as invalid UTF-8. */
export function parseJsonString(s: string, limits: JsonLimits = DEFAULT_LIMITS): JsonResult {
  // Each UTF-16 unit is at least one UTF-8 byte; refuse early rather than encode a huge string.
  if (<i64>s.length > <i64>limits.maxInputBytes) {
    return new JsonResult(null, "input too large", max(0, limits.maxInputBytes));
  }
  const buffer = String.UTF8.encode(s);
  if (buffer.byteLength > limits.maxInputBytes) {
    return new JsonResult(null, "input too large", max(0, limits.maxInputBytes));
  }
  const bytes = new StaticArray<u8>(buffer.byteLength);
  memory.copy(changetype<usize>(bytes), changetype<usize>(buffer), <usize>buffer.byteLength);
  return parseBytes(bytes, limits);
}

function parseBytes(bytes: StaticArray<u8>, limits: JsonLimits): JsonResult {
  const c = new Cursor(bytes, limits);
  if (!run(c) || c.failed) {
    return new JsonResult(null, c.failed ? c.error : "invalid JSON", c.errorOffset);
  }
  const doc = new JsonDocument(bytes, c.words, c.entries, c.indexes);
  return new JsonResult(new JsonValue(doc, 0), "", -1);
}

function run(c: Cursor): bool {
  const limits = c.limits;
  c.skipWhitespace();
  while (true) {
    // Here a value starts at c.pos.
    const ch = c.peek();
    if (ch == 0x7b || ch == 0x5b) {
      if (c.depth >= limits.maxDepth) {
        c.fail("nesting too deep", c.pos);
        return false;
      }
      if (!c.countValue()) return false;
      const isObject = ch == 0x7b;
      c.pushFrame(c.add(isObject ? KIND_OBJECT : KIND_ARRAY, -1, 0, 0), isObject ? c.nameTop : -1);
      c.pos++;
      c.skipWhitespace();
      if (c.peek() == (isObject ? 0x7d : 0x5d)) {
        c.pos++;
        if (!close(c)) return false;
      } else {
        if (isObject && !readName(c)) return false;
        continue;
      }
    } else if (!readScalar(c)) {
      return false;
    }
    // A value is complete: count it in its container, then consume separators and closers.
    while (true) {
      if (c.frameTop == 0) {
        c.skipWhitespace();
        if (c.pos < c.len) {
          c.fail("unexpected data after the value", c.pos);
          return false;
        }
        return true;
      }
      const isObject = c.frame(1, 1) >= 0;
      const count = c.frame(1, 2) + 1;
      if (count > limits.maxMembers) {
        c.fail("too many members", c.pos);
        return false;
      }
      c.setFrame(2, count);
      c.skipWhitespace();
      const next = c.peek();
      if (next == 0x2c) {
        c.pos++;
        c.skipWhitespace();
        if (isObject && !readName(c)) return false;
        break;
      }
      if (next == (isObject ? 0x7d : 0x5d)) {
        c.pos++;
        if (!close(c)) return false;
        continue;
      }
      if (next < 0) c.fail("unexpected end of input", c.pos);
      else c.fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'", c.pos);
      return false;
    }
  }
}

/** Reads `"name" :` for the next member of the innermost object, refusing duplicates. */
function readName(c: Cursor): bool {
  const namesStart = c.frame(1, 1);
  if (namesStart < 0) return false;
  if (c.peek() != 0x22) {
    c.fail(c.peek() < 0 ? "unexpected end of input" : "expected a string key", c.pos);
    return false;
  }
  const count = c.nameTop - namesStart;
  if (count >= c.limits.maxMembers) {
    c.fail("too many members", c.pos);
    return false;
  }
  const at = c.pos;
  const units = scanString(c);
  if (units < 0) return false;
  const hash = nameHash(c.base, at + 1, c.pos - 1, c.plain);
  const e = c.add(KIND_NAME | (c.plain ? FLAG_PLAIN : 0) | (hash << 8), at + 1, c.pos - 1, units);
  // Small objects are checked here; larger ones once more in close(), over a sorted index. The
  // innermost frame's filter has one bit per hash value mod 128: when it is clear, no earlier name
  // of this object has this hash, so the scan is skipped (most names of a typical payload).
  const filterWord = 3 + ((hash >> 5) & 3);
  const filter = c.frame(1, filterWord);
  const bit = 1 << (hash & 31);
  c.setFrame(filterWord, filter | bit);
  if (count < LINEAR_SCAN_MAX && (filter & bit) != 0) {
    const tape = changetype<usize>(c.words);
    for (let i = namesStart; i < c.nameTop; i++) {
      const other = c.nameAt(i);
      if (<u32>other >= <u32>e) continue; // names on the stack are earlier entries
      // Same hash first: one integer compare rules out almost every pair.
      if (load<i32>(tape + (<usize>other << 4)) >>> 8 == hash && compareNames(c.base, tape, other, e) == 0) {
        c.fail("duplicate key", at);
        return false;
      }
    }
  }
  c.pushName(e);
  c.skipWhitespace();
  if (c.peek() != 0x3a) {
    c.fail(c.peek() < 0 ? "unexpected end of input" : "expected ':'", c.pos);
    return false;
  }
  c.pos++;
  c.skipWhitespace();
  return true;
}

/** Closes the innermost container; for large objects, builds the index and checks duplicates. */
function close(c: Cursor): bool {
  if (c.frameTop < FRAME) return false;
  const e = c.frame(1, 0);
  const namesStart = c.frame(1, 1);
  const count = c.frame(1, 2);
  c.popFrame();
  c.setWord(e, 2, c.entries);
  c.setWord(e, 3, count);
  if (namesStart < 0) return true;
  const n = c.nameTop - namesStart;
  if (n > LINEAR_SCAN_MAX) {
    const entries = new StaticArray<i32>(n);
    for (let i = 0; i < n; i++) unchecked((entries[i] = c.nameAt(namesStart + i)));
    const tape = changetype<usize>(c.words);
    const sorted = sortNames(c.base, tape, entries);
    const duplicate = laterDuplicate(c.base, tape, sorted);
    if (duplicate >= 0) {
      c.fail("duplicate key", max(c.word(duplicate, 1) - 1, 0)); // at its opening quote
      return false;
    }
    let indexes = c.indexes;
    if (indexes == null) c.indexes = indexes = new Array<StaticArray<i32>>();
    c.setWord(e, 1, indexes.length);
    indexes.push(sorted);
  }
  c.dropNames(namesStart);
  return true;
}

function readScalar(c: Cursor): bool {
  const ch = c.peek();
  if (ch == 0x22) {
    if (!c.countValue()) return false;
    const at = c.pos;
    const units = scanString(c);
    if (units < 0) return false;
    c.add(KIND_STRING | (c.plain ? FLAG_PLAIN : 0), at + 1, c.pos - 1, units);
    return true;
  }
  if (ch == 0x2d || <u32>(ch - 0x30) < 10) {
    if (!c.countValue()) return false;
    return readNumber(c);
  }
  const literal = matchLiteral(c);
  if (literal >= 0) return c.countValue() && c.add(literal, 0, 0, 0) >= 0;
  if (ch < 0) c.fail("unexpected end of input", c.pos);
  else if (ch == 0xef && c.byteAt(c.pos + 1) == 0xbb && c.byteAt(c.pos + 2) == 0xbf) {
    c.fail("byte order mark is not allowed", c.pos); // RFC 8259 §8.1
  } else c.fail("unexpected character", c.pos);
  return false;
}

// The literals as little-endian words, compared four bytes at a time.
const TRUE: u32 = 0x65757274; // "true"
const NULL: u32 = 0x6c6c756e; // "null"
const FALS: u32 = 0x736c6166; // "fals" (then "e")

/** Consumes "true", "null" or "false" at c.pos if it is there in full; the literal's kind or -1. */
function matchLiteral(c: Cursor): i32 {
  const p = c.pos;
  if (p > c.len - 4) return -1;
  const w = load<u32>(c.base + <usize>p);
  if (w == TRUE) {
    c.pos = p + 4;
    return KIND_BOOL | FLAG_TRUE;
  }
  if (w == NULL) {
    c.pos = p + 4;
    return KIND_NULL;
  }
  if (w == FALS && c.byteAt(p + 4) == 0x65) {
    c.pos = p + 5;
    return KIND_BOOL;
  }
  return -1;
}
