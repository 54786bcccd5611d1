// Durations in the configuration: "168h", "1h30m", "45s", "0", or whole seconds ("3600" or 3600).
// Go-style units as oauth2-proxy's flags use them; only h, m and s, because cookie lifetimes are
// whole seconds (Max-Age, RFC 6265 §5.2.2).

/** The longest duration accepted: ten years, far below any i64 overflow. */
export const MAX_DURATION_SECONDS: i64 = 10 * 366 * 24 * 3600;

/** Parses a duration string into seconds; -1 when malformed or too long. */
export function parseDurationSeconds(s: string): i64 {
  const len = s.length;
  if (len == 0 || len > 32) return -1;
  let total: i64 = 0;
  let current: i64 = 0;
  let digits = 0;
  let sawUnit = false;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      current = current * 10 + (c - 0x30);
      digits++;
      if (current > MAX_DURATION_SECONDS) return -1;
      continue;
    }
    if (digits == 0) return -1;
    let unit: i64 = 0;
    if (c == 0x68) unit = 3600; // h
    else if (c == 0x6d) unit = 60; // m
    else if (c == 0x73) unit = 1; // s
    else return -1;
    total += current * unit;
    if (total > MAX_DURATION_SECONDS) return -1;
    current = 0;
    digits = 0;
    sawUnit = true;
  }
  if (digits > 0) {
    // Trailing bare digits are whole seconds only when the string has no unit at all ("3600"),
    // never as a tail ("1h30" is a typo, not 1h + 30 s).
    if (sawUnit) return -1;
    total = current;
  }
  return total;
}
