// Emitting JSON safely (error bodies, logs). Escaping is stricter than RFC 8259 §7 needs: < > & and
// U+2028/U+2029 are escaped too, so the text stays inert if a browser sniffs it as HTML or a script
// embeds it, and a lone surrogate becomes U+FFFD so the UTF-8 on the wire is always well-formed.

import { joinStrings } from "../encoding/join";

const HEX = "0123456789abcdef";

@inline function needsEscape(u: i32): bool {
  return u < 0x20 || u == 0x22 || u == 0x5c || u == 0x3c || u == 0x3e || u == 0x26 ||
    u == 0x2028 || u == 0x2029 || (u >= 0xd800 && u <= 0xdfff);
}

function escapeUnit(u: i32): string {
  if (u == 0x22) return "\\\"";
  if (u == 0x5c) return "\\\\";
  if (u == 0x0a) return "\\n";
  if (u == 0x0d) return "\\r";
  if (u == 0x09) return "\\t";
  if (u == 0x08) return "\\b";
  if (u == 0x0c) return "\\f";
  return "\\u" + HEX.charAt((u >> 12) & 15) + HEX.charAt((u >> 8) & 15) + HEX.charAt((u >> 4) & 15) + HEX.charAt(u & 15);
}

/** The body of a JSON string literal for s (without the quotes). */
export function jsonEscapeString(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && !needsEscape(<i32>s.charCodeAt(i))) i++;
  if (i == n) return s;
  const parts = new Array<string>();
  let from = 0;
  for (; i < n; i++) {
    const u = <i32>s.charCodeAt(i);
    if (!needsEscape(u)) continue;
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < n) {
      const next = <i32>s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a proper pair passes through unchanged
        continue;
      }
    }
    parts.push(s.substring(from, i));
    parts.push(u >= 0xd800 && u <= 0xdfff ? "\\ufffd" : escapeUnit(u));
    from = i + 1;
  }
  parts.push(s.substring(from));
  return joinStrings(parts, "");
}

/** s as a complete JSON string literal, quotes included. */
export function jsonQuote(s: string): string {
  return "\"" + jsonEscapeString(s) + "\"";
}

/**
 * Builds a JSON text piece by piece, placing commas and colons itself. Misuse (a value in an object
 * without a key, closing what was never opened) is ignored and reported by `ok`, never trapped on.
 */
export class JsonWriter {
  private parts: Array<string> = [];
  /** One entry per open container: 1 for an object, 2 for an array, +4 once it has an item. */
  private open: Array<u8> = [];
  private keyPending: bool = false;
  private misused: bool = false;
  private done: bool = false;

  /** True when exactly one complete value was written and every call was well placed. */
  get ok(): bool {
    return !this.misused && this.done && this.open.length == 0;
  }

  toString(): string {
    return joinStrings(this.parts, "");
  }

  beginObject(): JsonWriter {
    if (this.beforeValue()) {
      this.parts.push("{");
      this.open.push(1);
    }
    return this;
  }

  endObject(): JsonWriter {
    return this.close(1, "}");
  }

  beginArray(): JsonWriter {
    if (this.beforeValue()) {
      this.parts.push("[");
      this.open.push(2);
    }
    return this;
  }

  endArray(): JsonWriter {
    return this.close(2, "]");
  }

  /** The next member's name; must be followed by exactly one value. */
  key(name: string): JsonWriter {
    const depth = this.open.length;
    if (depth == 0 || this.keyPending || (unchecked(this.open[depth - 1]) & 3) != 1) {
      this.misused = true;
      return this;
    }
    const top = unchecked(this.open[depth - 1]);
    if ((top & 4) != 0) this.parts.push(",");
    unchecked((this.open[depth - 1] = top | 4));
    this.parts.push(jsonQuote(name));
    this.parts.push(":");
    this.keyPending = true;
    return this;
  }

  string(value: string): JsonWriter {
    if (this.beforeValue()) this.parts.push(jsonQuote(value));
    return this;
  }

  integer(value: i64): JsonWriter {
    if (this.beforeValue()) this.parts.push(value.toString());
    return this;
  }

  /** A finite double; NaN and ±Infinity have no JSON form and are written as null. */
  number(value: f64): JsonWriter {
    if (this.beforeValue()) this.parts.push(isFinite(value) ? value.toString() : "null");
    return this;
  }

  bool(value: bool): JsonWriter {
    if (this.beforeValue()) this.parts.push(value ? "true" : "false");
    return this;
  }

  null(): JsonWriter {
    if (this.beforeValue()) this.parts.push("null");
    return this;
  }

  stringField(name: string, value: string): JsonWriter {
    return this.key(name).string(value);
  }

  integerField(name: string, value: i64): JsonWriter {
    return this.key(name).integer(value);
  }

  boolField(name: string, value: bool): JsonWriter {
    return this.key(name).bool(value);
  }

  /** Places the separator for a value about to be written; false (and misused) where none fits. */
  private beforeValue(): bool {
    const depth = this.open.length;
    if (depth == 0) {
      if (this.done) {
        this.misused = true;
        return false;
      }
      this.done = true;
      return true;
    }
    const top = unchecked(this.open[depth - 1]);
    if ((top & 3) == 1) {
      if (!this.keyPending) {
        this.misused = true;
        return false;
      }
      this.keyPending = false;
      return true;
    }
    if ((top & 4) != 0) this.parts.push(",");
    unchecked((this.open[depth - 1] = top | 4));
    return true;
  }

  private close(kind: u8, closer: string): JsonWriter {
    const depth = this.open.length;
    if (depth == 0 || this.keyPending || (unchecked(this.open[depth - 1]) & 3) != kind) {
      this.misused = true;
      return this;
    }
    this.open.pop();
    this.parts.push(closer);
    return this;
  }
}
