// The parsed form of a document: a private copy of the input bytes and a "tape" of fixed-size
// entries, one per value and one per member name, in source order. Strings and numbers are spans of
// the bytes, decoded only when a caller asks. Parsing a 1 KB ID-token payload therefore allocates a
// handful of buffers instead of one object and one string per value, which is most of its cost.
//
// Entry layout, four i32 words:
//   head  kind (bits 0-2) | flags (bits 3-7) | number text length (bits 8-31)
//   a     string, name, number: start offset; array, object: sorted-index id or -1
//   b     string, name: end offset; number: low bits of the double; array, object: entry after it
//   c     string, name: length in UTF-16 units; number: high bits; array, object: element count

export const KIND_NULL: i32 = 0;
export const KIND_BOOL: i32 = 1;
export const KIND_NUMBER: i32 = 2;
export const KIND_STRING: i32 = 3;
export const KIND_ARRAY: i32 = 4;
export const KIND_OBJECT: i32 = 5;
/** A member name; the member's value is the next entry. */
export const KIND_NAME: i32 = 6;

/** Bool: the value is true. */
export const FLAG_TRUE: i32 = 1 << 3;
/** String, name: printable ASCII without escapes, so the bytes are the UTF-16 units. */
export const FLAG_PLAIN: i32 = 1 << 3;
/** Number: the source has neither fraction nor exponent. */
export const FLAG_INTEGER_SYNTAX: i32 = 1 << 3;
/** Number: the exact decimal value is whole. */
export const FLAG_INTEGRAL: i32 = 1 << 4;
/** Number: whole and within ±(2^53−1) (RFC 7493 §2.2), so the double holds it exactly. */
export const FLAG_SAFE_INTEGER: i32 = 1 << 5;

/** Number text lengths must fit the 24 bits above the kind and flags. */
export const MAX_NUMBER_TEXT: i32 = (1 << 23) - 1;

export const WORDS: i32 = 4;

/**
 * A finished document. Entry e occupies tape[4e .. 4e+3]. Made only by the parser: reads check
 * entry numbers against the tape, but spans are trusted to lie inside `bytes` as the parser left them.
 */
export class JsonDocument {
  constructor(
    public readonly bytes: StaticArray<u8>,
    public readonly tape: StaticArray<i32>,
    public readonly entries: i32,
    /** Member-name entries of large objects sorted by name (see keyindex.ts); id = position here. */
    public readonly indexes: Array<StaticArray<i32>> | null,
  ) {}

  @inline get base(): usize {
    return changetype<usize>(this.bytes);
  }

  /** Word w (0..3) of entry e, or -1 when e is not an entry. */
  @inline word(e: i32, w: i32): i32 {
    if (e < 0 || e >= this.entries || <u32>w >= <u32>WORDS) return -1;
    const i = (e << 2) + w;
    if (i >= this.tape.length) return -1;
    return unchecked(this.tape[i]);
  }

  @inline kind(e: i32): i32 {
    const h = this.word(e, 0);
    return h < 0 ? -1 : h & 7;
  }

  /** The entry after e and everything inside it. */
  @inline next(e: i32): i32 {
    const k = this.kind(e);
    if (k == KIND_ARRAY || k == KIND_OBJECT) {
      const after = this.word(e, 2);
      return after > e ? after : this.entries; // never loops backwards
    }
    return e + 1;
  }

  sortedIndex(e: i32): StaticArray<i32> | null {
    const indexes = this.indexes;
    const id = this.word(e, 1);
    if (indexes == null || id < 0 || id >= indexes.length) return null;
    return unchecked(indexes[id]);
  }
}
