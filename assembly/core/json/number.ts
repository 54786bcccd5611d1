// Numbers (RFC 8259 §6): the strict grammar, the exact source text, and a classification that never
// rounds silently. A value is a safe integer only when its exact decimal value is a whole number
// within ±(2^53−1) (RFC 7493 §2.2), whatever its spelling: "1500000000", "1.5e9" and "1500000000.0"
// all are; "9007199254740993" and "1e400" are not. 1e400 is refused outright: it has no finite double.
import { Cursor } from "./cursor";
import { Decimal, decimalToF64 } from "./decimal";
import { JsonValue, NUMBER_INTEGER_SYNTAX, NUMBER_INTEGRAL, NUMBER_SAFE_INTEGER } from "./value";

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

@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

/** Reads one number at c.pos; null (with c.error set) for anything RFC 8259 §6 does not allow. */
export function readNumber(c: Cursor): JsonValue | null {
  const start = c.pos;
  let p = start;
  const negative = c.byteAt(p) == 0x2d;
  if (negative) p++;
  const intStart = p;
  const first = c.byteAt(p);
  if (first == 0x30) {
    p++;
    if (isDigit(c.byteAt(p))) {
      c.fail("leading zeros are not allowed", p);
      return null;
    }
  } else if (isDigit(first)) {
    while (isDigit(c.byteAt(p))) p++;
  } else {
    c.fail("digit expected", p);
    return null;
  }
  const intEnd = p;
  let fracStart = p;
  let fracEnd = p;
  if (c.byteAt(p) == 0x2e) {
    p++;
    fracStart = p;
    if (!isDigit(c.byteAt(p))) {
      c.fail("digit expected after the decimal point", p);
      return null;
    }
    while (isDigit(c.byteAt(p))) p++;
    fracEnd = p;
  }
  let exponent = 0;
  let hasExponent = false;
  const e = c.byteAt(p);
  if (e == 0x65 || e == 0x45) {
    hasExponent = true;
    p++;
    let expNegative = false;
    const s = c.byteAt(p);
    if (s == 0x2b || s == 0x2d) {
      expNegative = s == 0x2d;
      p++;
    }
    if (!isDigit(c.byteAt(p))) {
      c.fail("digit expected in the exponent", p);
      return null;
    }
    while (isDigit(c.byteAt(p))) {
      if (exponent < EXPONENT_CLAMP) exponent = exponent * 10 + (c.byteAt(p) - 0x30);
      p++;
    }
    if (expNegative) exponent = -exponent;
  }
  c.pos = p;
  const text = c.asciiSpan(start, p);
  const integerSyntax = fracEnd == fracStart && !hasExponent;
  return classify(c, text, negative, intStart, intEnd, fracStart, fracEnd, exponent, integerSyntax, start);
}

function classify(
  c: Cursor, text: string, negative: bool,
  intStart: i32, intEnd: i32, fracStart: i32, fracEnd: i32, exponent: i32,
  integerSyntax: bool, start: i32,
): JsonValue | null {
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
    const d = c.byteAt(p) - 0x30;
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

  let flags: u8 = integerSyntax ? NUMBER_INTEGER_SYNTAX : 0;
  if (significant == 0) {
    return JsonValue.number(text, negative ? -0.0 : 0.0, 0, flags | NUMBER_INTEGRAL | NUMBER_SAFE_INTEGER);
  }
  const scale = dp - significant; // value = m × 10^scale when significant ≤ 19
  const integral = scale >= 0;
  if (integral) flags |= NUMBER_INTEGRAL;
  if (integral && dp <= 16) {
    let v = m;
    for (let i = 0; i < scale; i++) v *= 10;
    if (v <= MAX_SAFE) {
      const iv = negative ? -<i64>v : <i64>v;
      return JsonValue.number(text, <f64>iv, iv, flags | NUMBER_SAFE_INTEGER);
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
      dec.pushDigit(c.byteAt(p) - 0x30, p < intEnd);
    }
    dec.dp += exponent;
    f = decimalToF64(dec);
  }
  if (f == Infinity) {
    c.fail("number out of range", start);
    return null;
  }
  return JsonValue.number(text, negative ? -f : f, 0, flags);
}
