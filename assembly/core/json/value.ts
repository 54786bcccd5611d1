// A parsed JSON value and its trap-free accessors. A JsonValue is a small handle on an entry of the
// document's tape (tape.ts); strings are decoded when asked for. Every accessor answers a kind
// mismatch, a missing member or an index out of range with null or a JsonField status, never with
// a trap, so code that reads IdP documents can ask for exactly what it needs.
import { compareNameToKey, keyHash, searchNames } from "./keyindex";
import { decodeSpan } from "./string";
import {
  FLAG_INTEGER_SYNTAX, FLAG_INTEGRAL, FLAG_PLAIN, FLAG_SAFE_INTEGER, FLAG_TRUE, JsonDocument,
  KIND_ARRAY, KIND_BOOL, KIND_NUMBER, KIND_OBJECT, KIND_STRING,
} from "./tape";

export enum JsonKind {
  Null = 0,
  Bool = 1,
  Number = 2,
  String = 3,
  Array = 4,
  Object = 5,
}

/** Why a typed lookup gave no value; callers usually map each status to its own error. */
export enum JsonStatus {
  Ok = 0,
  Absent = 1,
  WrongType = 2,
  /** A number, but not an integer within ±(2^53−1) (a fraction, or too large to be exact). */
  NotSafeInteger = 3,
}

/** A typed answer: `value` is meaningful only when `ok`. */
export class JsonField<T> {
  constructor(
    public readonly status: JsonStatus,
    public readonly value: T,
  ) {}

  get ok(): bool {
    return this.status == JsonStatus.Ok;
  }
}

export class JsonValue {
  // Where the last at()/keyAt() ended, so walking an array or object in order costs O(1) a step.
  private lastIndex: i32 = -1;
  private lastChild: i32 = -1;

  /** Made by the parser; `entry` is this value's entry on the document's tape. */
  constructor(
    private readonly doc: JsonDocument,
    private readonly entry: i32,
  ) {}

  get kind(): JsonKind {
    const k = this.doc.kind(this.entry);
    return k >= 0 && k <= 5 ? <JsonKind>k : JsonKind.Null;
  }

  isNull(): bool { return this.kind == JsonKind.Null; }
  isBool(): bool { return this.kind == JsonKind.Bool; }
  isNumber(): bool { return this.kind == JsonKind.Number; }
  isString(): bool { return this.kind == JsonKind.String; }
  isArray(): bool { return this.kind == JsonKind.Array; }
  isObject(): bool { return this.kind == JsonKind.Object; }

  @inline private get head(): i32 {
    return this.doc.word(this.entry, 0);
  }

  /** The string, decoded now (each call decodes again: keep the result if it is needed twice). */
  asString(): string | null {
    if (this.kind != JsonKind.String) return null;
    return this.decode(this.entry);
  }

  /** The string or member name at entry e. */
  private decode(e: i32): string {
    const d = this.doc;
    const plain = (d.word(e, 0) & FLAG_PLAIN) != 0;
    return decodeSpan(d.base, d.bytes.length, d.word(e, 1), d.word(e, 2), d.word(e, 3), plain);
  }

  asBool(): JsonField<bool> {
    if (this.kind != JsonKind.Bool) return new JsonField<bool>(JsonStatus.WrongType, false);
    return new JsonField<bool>(JsonStatus.Ok, (this.head & FLAG_TRUE) != 0);
  }

  @inline private get double(): f64 {
    const d = this.doc;
    const bits = (<u64><u32>d.word(this.entry, 3) << 32) | <u64><u32>d.word(this.entry, 2);
    return reinterpret<f64>(bits);
  }

  /** The nearest double. Large integers are rounded here: use asSafeInteger for claims like exp. */
  asNumber(): JsonField<f64> {
    if (this.kind != JsonKind.Number) return new JsonField<f64>(JsonStatus.WrongType, 0);
    return new JsonField<f64>(JsonStatus.Ok, this.double);
  }

  /** The exact integer, or NotSafeInteger for fractions and for anything beyond ±(2^53−1). */
  asSafeInteger(): JsonField<i64> {
    if (this.kind != JsonKind.Number) return new JsonField<i64>(JsonStatus.WrongType, 0);
    if ((this.head & FLAG_SAFE_INTEGER) == 0) return new JsonField<i64>(JsonStatus.NotSafeInteger, 0);
    return new JsonField<i64>(JsonStatus.Ok, <i64>this.double);
  }

  isSafeInteger(): bool {
    return this.kind == JsonKind.Number && (this.head & FLAG_SAFE_INTEGER) != 0;
  }

  /** A whole number too large to be held exactly ("big"): callers that need exactness refuse it. */
  isBigInteger(): bool {
    return this.kind == JsonKind.Number && (this.head & (FLAG_INTEGRAL | FLAG_SAFE_INTEGER)) == FLAG_INTEGRAL;
  }

  /** The exact decimal value is whole ("12", "12.0", "1.2e1", "1e300"). */
  isIntegral(): bool {
    return this.kind == JsonKind.Number && (this.head & FLAG_INTEGRAL) != 0;
  }

  /** The source had neither a fraction nor an exponent ("12", not "12.0" or "1.2e1"). */
  hasIntegerSyntax(): bool {
    return this.kind == JsonKind.Number && (this.head & FLAG_INTEGER_SYNTAX) != 0;
  }

  /** The number exactly as written in the source. */
  numberText(): string | null {
    if (this.kind != JsonKind.Number) return null;
    const start = this.doc.word(this.entry, 1);
    const length = <i32>(<u32>this.head >> 8);
    return decodeSpan(this.doc.base, this.doc.bytes.length, start, start + length, length, true);
  }

  /** Elements of an array or members of an object; 0 for anything else. */
  get length(): i32 {
    const k = this.kind;
    if (k != JsonKind.Array && k != JsonKind.Object) return 0;
    return max(this.doc.word(this.entry, 3), 0);
  }

  /** The entry of element i (arrays) or of member i's name (objects), or -1. */
  private child(i: i32): i32 {
    if (i < 0 || i >= this.length) return -1;
    const d = this.doc;
    const isObject = this.kind == JsonKind.Object;
    let index = 0;
    let e = this.entry + 1;
    if (this.lastIndex >= 0 && this.lastIndex <= i) {
      index = this.lastIndex;
      e = this.lastChild;
    }
    while (index < i && e < d.entries) {
      e = isObject ? d.next(e + 1) : d.next(e);
      index++;
    }
    if (index != i || e >= d.entries) return -1;
    this.lastIndex = i;
    this.lastChild = e;
    return e;
  }

  /** The i-th element of an array (or value of an object member), or null when out of range. */
  at(i: i32): JsonValue | null {
    const e = this.child(i);
    if (e < 0) return null;
    return new JsonValue(this.doc, this.kind == JsonKind.Object ? e + 1 : e);
  }

  /** The i-th member name of an object in source order, or null. */
  keyAt(i: i32): string | null {
    if (this.kind != JsonKind.Object) return null;
    const e = this.child(i);
    if (e < 0) return null;
    return this.decode(e);
  }

  /** Member names in source order. Empty for anything but an object. */
  keys(): string[] {
    const n = this.kind == JsonKind.Object ? this.length : 0;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const k = this.keyAt(i);
      unchecked((out[i] = k == null ? "" : k));
    }
    return out;
  }

  has(key: string): bool {
    return this.nameEntry(key) >= 0;
  }

  /** The member's value, or null when this is not an object or has no such member. */
  get(key: string): JsonValue | null {
    const e = this.nameEntry(key);
    return e < 0 ? null : new JsonValue(this.doc, e + 1);
  }

  getString(key: string): string | null {
    const v = this.get(key);
    return v == null ? null : v.asString();
  }

  getBool(key: string): JsonField<bool> {
    const v = this.get(key);
    if (v == null) return new JsonField<bool>(JsonStatus.Absent, false);
    return v.asBool();
  }

  getNumber(key: string): JsonField<f64> {
    const v = this.get(key);
    if (v == null) return new JsonField<f64>(JsonStatus.Absent, 0);
    return v.asNumber();
  }

  getSafeInteger(key: string): JsonField<i64> {
    const v = this.get(key);
    if (v == null) return new JsonField<i64>(JsonStatus.Absent, 0);
    return v.asSafeInteger();
  }

  getArray(key: string): JsonValue | null {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.Array ? v : null;
  }

  getObject(key: string): JsonValue | null {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.Object ? v : null;
  }

  /** An array whose elements are all strings, as strings; null if absent or anything else. */
  getStringArray(key: string): string[] | null {
    const v = this.getArray(key);
    if (v == null) return null;
    return v.asStringArray();
  }

  asStringArray(): string[] | null {
    if (this.kind != JsonKind.Array) return null;
    const n = this.length;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const item = this.at(i);
      if (item == null) return null;
      const s = item.asString();
      if (s == null) return null;
      unchecked((out[i] = s));
    }
    return out;
  }

  /** The entry of the member name equal to key, or -1. */
  private nameEntry(key: string): i32 {
    if (this.kind != JsonKind.Object) return -1;
    const d = this.doc;
    const tape = changetype<usize>(d.tape);
    const sorted = d.sortedIndex(this.entry);
    if (sorted != null) return searchNames(d.base, tape, sorted, key);
    const hash = keyHash(key);
    const n = this.length;
    // Raw reads: entries below d.entries lie inside the tape (checked once here).
    const last = min(d.entries, d.tape.length >> 2);
    let e = this.entry + 1;
    for (let i = 0; i < n && e + 1 < last; i++) {
      const head = load<i32>(tape + (<usize>e << 4));
      if (head >>> 8 == hash && compareNameToKey(d.base, tape, e, hash, key) == 0) return e;
      // Past the value: one entry, or a whole array or object.
      const v = e + 1;
      const kind = load<i32>(tape + (<usize>v << 4)) & 7;
      const after = kind == KIND_ARRAY || kind == KIND_OBJECT ? load<i32>(tape + (<usize>v << 4), 8) : v + 1;
      if (after <= v) return -1;
      e = after;
    }
    return -1;
  }
}
