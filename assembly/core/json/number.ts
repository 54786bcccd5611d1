// Numbers (RFC 8259 §6): the strict grammar, the exact source text, and a classification that never
// rounds silently. A value is a safe integer only when its exact decimal value is a whole number
// within ±(2^53−1) (RFC 7493 §2.2), whatever its spelling: "1500000000", "1.5e9" and "1500000000.0"
// all are; "9007199254740993" and "1e400" are not. 1e400 is refused outright: it has no finite double.
import { Cursor } from "./cursor";
import { Decimal, decimalToF64 } from "./decimal";
import {
  FLAG_INTEGER_SYNTAX, FLAG_INTEGRAL, FLAG_SAFE_INTEGER, KIND_NUMBER, MAX_NUMBER_TEXT,
} from "./tape";

const MAX_SAFE: u64 = 9007199254740991; // 2^53 − 1
/** Exponents are clamped here: beyond it every value overflows or underflows anyway. */
const EXPONENT_CLAMP: i32 = 1000000;
/** The first 19 significant digits always fit in a u64. */
const MANTISSA_DIGITS: i32 = 19;

// Powers of ten that binary64 holds exactly (10^22 < 2^53 · 2^22).
const EXACT_POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/** The byte at p, or -1 outside [0, len): primitive arguments only, so loops over it stay cheap. */
@inline function byteAt(base: usize, len: i32, p: i32): i32 {
  return p >= 0 && p < len ? <i32>load<u8>(base + <usize>p) : -1;
}

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

/**
 * Reads one number at c.pos onto the tape; false (with c.error set) for anything RFC 8259 §6 does
 * not allow, for a double overflow, and for number text longer than the string limit.
 */
export function readNumber(c: Cursor): bool {
  const base = c.base;
  const len = c.len;
  const start = c.pos;
  let p = start;
  const negative = byteAt(base, len, p) == 0x2d;
  if (negative) p++;
  const intStart = p;
  const first = byteAt(base, len, p);
  let m: u64 = 0;
  if (first == 0x30) {
    p++;
    if (isDigit(byteAt(base, len, p))) {
      c.fail("leading zeros are not allowed", p);
      return false;
    }
  } else if (isDigit(first)) {
    let d = first;
    while (isDigit(d)) {
      if (p - intStart < MANTISSA_DIGITS) m = m * 10 + <u64>(d - 0x30);
      d = byteAt(base, len, ++p);
    }
  } else {
    c.fail("digit expected", p);
    return false;
  }
  const intEnd = p;
  const after = byteAt(base, len, p);
  if (after != 0x2e && after != 0x65 && after != 0x45 && intEnd - intStart <= 15) {
    // The usual case, a plain integer below 10^15: exact as a double, no further work.
    c.pos = p;
    if (p - start > c.limits.maxStringBytes) {
      c.fail("number too long", start);
      return false;
    }
    const head = KIND_NUMBER | ((p - start) << 8) | FLAG_INTEGER_SYNTAX | FLAG_INTEGRAL | FLAG_SAFE_INTEGER;
    return emit(c, head, start, negative ? -<f64>m : <f64>m);
  }
  let fracStart = p;
  let fracEnd = p;
  if (after == 0x2e) {
    p++;
    fracStart = p;
    if (!isDigit(byteAt(base, len, p))) {
      c.fail("digit expected after the decimal point", p);
      return false;
    }
    while (isDigit(byteAt(base, len, p))) p++;
    fracEnd = p;
  }
  let exponent = 0;
  let hasExponent = false;
  const e = byteAt(base, len, p);
  if (e == 0x65 || e == 0x45) {
    hasExponent = true;
    p++;
    let expNegative = false;
    const s = byteAt(base, len, p);
    if (s == 0x2b || s == 0x2d) {
      expNegative = s == 0x2d;
      p++;
    }
    if (!isDigit(byteAt(base, len, p))) {
      c.fail("digit expected in the exponent", p);
      return false;
    }
    let d = byteAt(base, len, p);
    while (isDigit(d)) {
      if (exponent < EXPONENT_CLAMP) exponent = exponent * 10 + (d - 0x30);
      d = byteAt(base, len, ++p);
    }
    if (expNegative) exponent = -exponent;
  }
  c.pos = p;
  const length = p - start;
  if (length > min(c.limits.maxStringBytes, MAX_NUMBER_TEXT)) {
    c.fail("number too long", start);
    return false;
  }
  const integerSyntax = fracEnd == fracStart && !hasExponent;
  const head = KIND_NUMBER | (length << 8) | (integerSyntax ? FLAG_INTEGER_SYNTAX : 0);
  return classify(c, base, len, head, negative, intStart, intEnd, fracStart, fracEnd, exponent, start);
}

function emit(c: Cursor, head: i32, start: i32, value: f64): bool {
  const bits = reinterpret<u64>(value);
  c.add(head, start, <i32>bits, <i32>(bits >> 32));
  return true;
}

function classify(
  c: Cursor, base: usize, len: i32, head: i32, negative: bool,
  intStart: i32, intEnd: i32, fracStart: i32, fracEnd: i32, exponent: i32, start: i32,
): bool {
  // Significant digits: m holds the first 19, `significant` counts them up to the last nonzero one,
  // and the value is 0.d1d2… × 10^dp.
  let m: u64 = 0;
  let kept = 0;
  let seen = 0;
  let significant = 0;
  let dp = 0;
  for (let p = intStart; p < fracEnd; p++) {
    if (p == intEnd) {
      p = fracStart - 1; // skip the '.'
      continue;
    }
    const d = byteAt(base, len, p) - 0x30;
    const beforePoint = p < intEnd;
    if (seen == 0 && d == 0) {
      if (!beforePoint) dp--;
      continue;
    }
    seen++;
    if (beforePoint) dp++;
    if (d != 0) significant = seen;
    if (kept < MANTISSA_DIGITS) {
      m = m * 10 + <u64>d;
      kept++;
    }
  }
  dp += exponent;
  while (kept > significant) {
    m /= 10; // only trailing zeros are dropped here
    kept--;
  }

  if (significant == 0) {
    return emit(c, head | FLAG_INTEGRAL | FLAG_SAFE_INTEGER, start, negative ? -0.0 : 0.0);
  }
  const scale = dp - significant; // value = m × 10^scale when significant ≤ 19
  const integral = scale >= 0;
  if (integral) head |= FLAG_INTEGRAL;
  if (integral && dp <= 16) {
    let v = m;
    for (let i = 0; i < scale; i++) v *= 10;
    if (v <= MAX_SAFE) {
      // Below 2^53 the double is exact, so it carries the integer too.
      return emit(c, head | FLAG_SAFE_INTEGER, start, negative ? -<f64>v : <f64>v);
    }
  }
  let f: f64;
  if (significant <= 15 && scale >= -22 && scale <= 22) {
    // Both operands are exact doubles, so one IEEE operation rounds correctly (Clinger's fast path).
    const fm = <f64>m;
    f = scale >= 0 ? fm * unchecked(EXACT_POW10[scale]) : fm / unchecked(EXACT_POW10[-scale]);
  } else {
    const dec = new Decimal();
    for (let p = intStart; p < fracEnd; p++) {
      if (p == intEnd) {
        p = fracStart - 1;
        continue;
      }
      dec.pushDigit(byteAt(base, len, p) - 0x30, p < intEnd);
    }
    dec.dp += exponent;
    f = decimalToF64(dec);
  }
  if (f == Infinity) {
    c.fail("number out of range", start);
    return false;
  }
  return emit(c, head, start, negative ? -f : f);
}
