// Lower-case hexadecimal (RFC 4648 §8 "base16", in lower case as test vectors and logs write it).
// The decoder accepts either case and returns null rather than trapping on odd lengths or stray
// characters, because hex also reaches us from configuration.

const DIGITS = "0123456789abcdef";

/** Lower-case hex of `b`. */
export function hexEncode(b: Uint8Array): string {
  const n = b.length;
  const out = changetype<string>(__new(<usize>n << 2, idof<string>()));
  const o = changetype<usize>(out);
  const d = changetype<usize>(DIGITS);
  const src = b.dataStart;
  for (let i = 0; i < n; i++) {
    const v = <usize>load<u8>(src + <usize>i);
    store<u16>(o + (<usize>i << 2), load<u16>(d + ((v >> 4) << 1)));
    store<u16>(o + (<usize>i << 2), load<u16>(d + ((v & 15) << 1)), 2);
  }
  return out;
}

/** Value of one hex digit, or -1. */
function digitValue(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30); // 0-9
  const lower = c | 0x20; // folds A-F onto a-f and leaves no other character in a-f
  if (lower >= 0x61 && lower <= 0x66) return <i32>(lower - 0x61 + 10);
  return -1;
}

/** Bytes of a hex string (either case, no separators, even length), or null. */
export function hexDecode(s: string): Uint8Array | null {
  const len = s.length;
  if ((len & 1) != 0) return null;
  const out = new Uint8Array(len >> 1);
  const p = changetype<usize>(s);
  const o = out.dataStart;
  for (let i = 0; i < len; i += 2) {
    const hi = digitValue(<u32>load<u16>(p + (<usize>i << 1)));
    const lo = digitValue(<u32>load<u16>(p + (<usize>i << 1), 2));
    if ((hi | lo) < 0) return null;
    store<u8>(o + (<usize>i >> 1), <u8>((hi << 4) | lo));
  }
  return out;
}
