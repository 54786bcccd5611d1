// xorshift32 (Marsaglia 2003) for the as-pect specs that draw random cases: a fixed seed makes any
// failure reproduce. One generator for every spec, so their streams stay comparable.
export class Xorshift32 {
  constructor(public state: u32) {}

  next(): u32 {
    let x = this.state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    this.state = x;
    return x;
  }

  /** A value in [0, n); n > 0. */
  below(n: u32): u32 {
    return this.next() % n;
  }
}
