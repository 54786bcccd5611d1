// A parsed JSON value and its trap-free accessors. Every accessor answers a kind mismatch, a missing
// key or an out-of-range index with null or a JsonField status, never with a trap, so code that reads
// IdP documents can ask for exactly what it needs and treat everything else as "invalid".
import { findKey } from "./keyindex";

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

/** The source had neither a fraction nor an exponent ("12", not "12.0" or "1.2e1"). */
export const NUMBER_INTEGER_SYNTAX: u8 = 1;
/** The exact decimal value is a whole number, whatever its spelling ("12", "12.0", "1.2e1", "1e300"). */
export const NUMBER_INTEGRAL: u8 = 2;
/** Whole and within ±(2^53−1), so the i64 and the f64 both hold it exactly (RFC 7493 §2.2). */
export const NUMBER_SAFE_INTEGER: u8 = 4;

export class JsonValue {
  private constructor(
    public readonly kind: JsonKind,
    private readonly flags: u8,
    private readonly boolValue: bool,
    private readonly f64Value: f64,
    private readonly i64Value: i64,
    /** The string's value, or a number's exact source text. */
    private readonly text: string,
    private readonly values: Array<JsonValue> | null,
    private readonly names: Array<string> | null,
    /** Member indices sorted by name, for large objects only (see keyindex.ts). */
    private readonly order: StaticArray<i32> | null,
  ) {}

  static null(): JsonValue {
    return new JsonValue(JsonKind.Null, 0, false, 0, 0, "", null, null, null);
  }

  static bool(b: bool): JsonValue {
    return new JsonValue(JsonKind.Bool, 0, b, 0, 0, "", null, null, null);
  }

  /** `flags` are NUMBER_* bits; `integer` is meaningful only with NUMBER_SAFE_INTEGER. */
  static number(text: string, nearest: f64, integer: i64, flags: u8): JsonValue {
    return new JsonValue(JsonKind.Number, flags, false, nearest, integer, text, null, null, null);
  }

  static string(s: string): JsonValue {
    return new JsonValue(JsonKind.String, 0, false, 0, 0, s, null, null, null);
  }

  static array(items: Array<JsonValue>): JsonValue {
    return new JsonValue(JsonKind.Array, 0, false, 0, 0, "", items, null, null);
  }

  /** names and values are parallel, in source order, names distinct; order as from sortedOrder(). */
  static object(names: Array<string>, values: Array<JsonValue>, order: StaticArray<i32> | null): JsonValue {
    return new JsonValue(JsonKind.Object, 0, false, 0, 0, "", values, names, order);
  }

  isNull(): bool { return this.kind == JsonKind.Null; }
  isBool(): bool { return this.kind == JsonKind.Bool; }
  isNumber(): bool { return this.kind == JsonKind.Number; }
  isString(): bool { return this.kind == JsonKind.String; }
  isArray(): bool { return this.kind == JsonKind.Array; }
  isObject(): bool { return this.kind == JsonKind.Object; }

  asString(): string | null {
    return this.kind == JsonKind.String ? this.text : null;
  }

  asBool(): JsonField<bool> {
    if (this.kind != JsonKind.Bool) return new JsonField<bool>(JsonStatus.WrongType, false);
    return new JsonField<bool>(JsonStatus.Ok, this.boolValue);
  }

  /** The nearest double. Large integers are rounded here: use asSafeInteger for claims like exp. */
  asNumber(): JsonField<f64> {
    if (this.kind != JsonKind.Number) return new JsonField<f64>(JsonStatus.WrongType, 0);
    return new JsonField<f64>(JsonStatus.Ok, this.f64Value);
  }

  /** The exact integer, or NotSafeInteger for fractions and for anything beyond ±(2^53−1). */
  asSafeInteger(): JsonField<i64> {
    if (this.kind != JsonKind.Number) return new JsonField<i64>(JsonStatus.WrongType, 0);
    if ((this.flags & NUMBER_SAFE_INTEGER) == 0) return new JsonField<i64>(JsonStatus.NotSafeInteger, 0);
    return new JsonField<i64>(JsonStatus.Ok, this.i64Value);
  }

  isSafeInteger(): bool {
    return this.kind == JsonKind.Number && (this.flags & NUMBER_SAFE_INTEGER) != 0;
  }

  /** A whole number too large to be held exactly ("big"): callers that need exactness refuse it. */
  isBigInteger(): bool {
    return this.kind == JsonKind.Number && (this.flags & (NUMBER_INTEGRAL | NUMBER_SAFE_INTEGER)) == NUMBER_INTEGRAL;
  }

  isIntegral(): bool {
    return this.kind == JsonKind.Number && (this.flags & NUMBER_INTEGRAL) != 0;
  }

  hasIntegerSyntax(): bool {
    return this.kind == JsonKind.Number && (this.flags & NUMBER_INTEGER_SYNTAX) != 0;
  }

  /** The number exactly as written in the source. */
  numberText(): string | null {
    return this.kind == JsonKind.Number ? this.text : null;
  }

  /** Elements of an array or members of an object; 0 for anything else. */
  get length(): i32 {
    const values = this.values;
    return values == null ? 0 : values.length;
  }

  /** The i-th element of an array (or value of an object member), or null when out of range. */
  at(i: i32): JsonValue | null {
    const values = this.values;
    if (values == null || i < 0 || i >= values.length) return null;
    return unchecked(values[i]);
  }

  /** The i-th member name of an object in source order, or null. */
  keyAt(i: i32): string | null {
    const names = this.names;
    if (names == null || i < 0 || i >= names.length) return null;
    return unchecked(names[i]);
  }

  /** Member names in source order (a copy). Empty for anything but an object. */
  keys(): string[] {
    const names = this.names;
    return names == null ? [] : names.slice(0);
  }

  has(key: string): bool {
    return this.indexOf(key) >= 0;
  }

  /** The member's value, or null when this is not an object or has no such member. */
  get(key: string): JsonValue | null {
    const i = this.indexOf(key);
    return i < 0 ? null : this.at(i);
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
    const values = this.values;
    if (this.kind != JsonKind.Array || values == null) return null;
    const out = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) {
      const item = unchecked(values[i]);
      if (item.kind != JsonKind.String) return null;
      unchecked((out[i] = item.text));
    }
    return out;
  }

  private indexOf(key: string): i32 {
    const names = this.names;
    if (this.kind != JsonKind.Object || names == null) return -1;
    return findKey(names, this.order, key);
  }
}
