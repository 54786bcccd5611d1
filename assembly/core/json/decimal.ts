// Correctly rounded decimal → binary64 for the numbers the fast paths in number.ts cannot do exactly
// (more than 15 significant digits, or an exponent beyond ±22). The decimal is held as digits and
// scaled by powers of two until it lies in [1/2, 1); its first 53 bits then give the mantissa and
// the digits that remain decide the rounding (ties to even). Slow (microseconds), but exact for every
// input, and never reached by the integers that carry claims such as exp and iat.

/** Digits kept. Exact ties for binary64 need at most 767 significant digits; the rest is a sticky bit. */
const MAX_DIGITS: i32 = 800;
/** Multiplying by 2^60 adds at most 19 digits (2^60 < 10^19). */
const HEADROOM: i32 = 20;
const MAX_SHIFT: i32 = 60;

/** value = 0.d[0]d[1]…d[n-1] × 10^dp, with d[0] ≠ 0 and no trailing zeros (n = 0 means zero). */
export class Decimal {
  digits: StaticArray<u8> = new StaticArray<u8>(MAX_DIGITS + HEADROOM);
  n: i32 = 0;
  dp: i32 = 0;
  /** Nonzero digits were dropped after the last kept one. */
  truncated: bool = false;

  /** Appends one source digit (0..9); leading zeros only move the decimal point. */
  pushDigit(d: i32, beforePoint: bool): void {
    if (this.n == 0 && d == 0) {
      if (!beforePoint) this.dp--;
      return;
    }
    if (beforePoint) this.dp++;
    if (this.n < MAX_DIGITS) {
      unchecked((this.digits[this.n++] = <u8>d));
    } else if (d != 0) {
      this.truncated = true;
    }
  }

  trim(): void {
    while (this.n > 0 && unchecked(this.digits[this.n - 1]) == 0) this.n--;
  }

  /** Divides by 2^k, 1 ≤ k ≤ 60. */
  shiftRight(k: i32): void {
    const d = this.digits;
    const n = this.n;
    let r = 0;
    let w = 0;
    let acc: u64 = 0;
    while (acc >> k == 0) {
      if (r >= n) {
        if (acc == 0) {
          this.n = 0;
          return;
        }
        while (acc >> k == 0) {
          acc *= 10;
          r++;
        }
        break;
      }
      acc = acc * 10 + <u64>unchecked(d[r++]);
    }
    this.dp -= r - 1;
    const mask: u64 = (<u64>1 << k) - 1;
    while (r < n) {
      const out = acc >> k;
      acc &= mask;
      unchecked((d[w++] = <u8>out));
      acc = acc * 10 + <u64>unchecked(d[r++]);
    }
    while (acc > 0) {
      const out = acc >> k;
      acc &= mask;
      if (w < MAX_DIGITS) {
        unchecked((d[w++] = <u8>out));
      } else if (out > 0) {
        this.truncated = true;
      }
      acc *= 10;
    }
    this.n = w;
    this.trim();
  }

  /** Multiplies by 2^k, 1 ≤ k ≤ 60: digits are written right-aligned HEADROOM-1 places up, then moved. */
  shiftLeft(k: i32): void {
    const d = this.digits;
    const n = this.n;
    let carry: u64 = 0;
    let w = n + HEADROOM - 2;
    for (let r = n - 1; r >= 0; r--, w--) {
      const acc = (<u64>unchecked(d[r]) << k) + carry;
      const q = acc / 10;
      unchecked((d[w] = <u8>(acc - q * 10)));
      carry = q;
    }
    while (carry > 0 && w >= 0) {
      const q = carry / 10;
      unchecked((d[w--] = <u8>(carry - q * 10)));
      carry = q;
    }
    const first = w + 1;
    let total = n + HEADROOM - 1 - first;
    this.dp += total - n;
    memory.copy(changetype<usize>(d), changetype<usize>(d) + <usize>first, <usize>total);
    if (total > MAX_DIGITS) {
      for (let i = MAX_DIGITS; i < total; i++) {
        if (unchecked(d[i]) != 0) this.truncated = true;
      }
      total = MAX_DIGITS;
    }
    this.n = total;
    this.trim();
  }

  /** The integer part rounded half to even, for values below 10^18. */
  roundedInteger(): u64 {
    const d = this.digits;
    const dp = this.dp;
    let m: u64 = 0;
    for (let i = 0; i < dp; i++) {
      m = m * 10 + (i < this.n ? <u64>unchecked(d[i]) : 0);
    }
    if (dp < 0 || dp >= this.n) return m;
    const next = unchecked(d[dp]);
    let up = next > 5;
    if (next == 5) up = dp + 1 < this.n || this.truncated || (m & 1) != 0;
    return up ? m + 1 : m;
  }
}

/** The magnitude of dec as the nearest binary64; +Infinity when it is beyond the largest double. */
export function decimalToF64(dec: Decimal): f64 {
  dec.trim();
  if (dec.n == 0) return 0;
  if (dec.dp > 310) return Infinity; // ≥ 10^309
  if (dec.dp < -330) return 0; // < 10^-330, below half the smallest subnormal
  let exp2 = 0;
  // Coarse steps never cross [1/2, 1): 8^j ≤ 10^j.
  while (dec.dp > 1) {
    const k = dec.dp - 1 >= 19 ? MAX_SHIFT : (dec.dp - 1) * 3;
    dec.shiftRight(k);
    exp2 += k;
  }
  while (dec.dp < 0) {
    const k = -dec.dp >= 19 ? MAX_SHIFT : -dec.dp * 3;
    dec.shiftLeft(k);
    exp2 -= k;
  }
  while (dec.n > 0) {
    if (dec.dp > 0) {
      dec.shiftRight(1);
      exp2++;
    } else if (dec.dp < 0 || unchecked(dec.digits[0]) < 5) {
      dec.shiftLeft(1);
      exp2--;
    } else {
      break;
    }
  }
  // value = d × 2^exp2 with d in [1/2, 1), so the binary exponent of 1.f is exp2 - 1.
  let e = exp2 - 1;
  if (e > 1023) return Infinity;
  if (e < -1022) {
    let s = -1022 - e;
    while (s > 0 && dec.n > 0) {
      const k = min(s, MAX_SHIFT);
      dec.shiftRight(k);
      s -= k;
    }
    e = -1022;
    if (dec.n == 0 && !dec.truncated) return 0;
  }
  dec.shiftLeft(53);
  let m = dec.roundedInteger();
  if (m >= <u64>1 << 53) {
    m >>= 1;
    e++;
    if (e > 1023) return Infinity;
  }
  const hidden: u64 = <u64>1 << 52;
  const bits = m < hidden ? m : (<u64>(e + 1023) << 52) | (m - hidden);
  return reinterpret<f64>(bits);
}
