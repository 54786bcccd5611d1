// Everything one parse works with, in one object so a parse costs few allocations: the position over
// the input bytes, the first error seen, the tape being written (tape.ts), and the stacks of open
// containers and their member names. Reads go through peek() and byteAt(), which answer -1 outside
// the input, so no scanner can read past it whatever the bytes are.
import { JsonLimits } from "./limits";
import { WORDS } from "./tape";

/** Words per open container: entry, names start, count, four words of name-hash filter. */
export const FRAME: i32 = 7;

export class Cursor {
  pos: i32 = 0;
  /** Set by scanString: the string just scanned was printable ASCII without escapes. */
  plain: bool = false;
  error: string = "";
  errorOffset: i32 = -1;
  /** Values built so far, against JsonLimits.maxValues. */
  values: i32 = 0;
  readonly base: usize;
  readonly len: i32;

  /** The tape: WORDS i32 per entry, `entries` of them written. */
  words: StaticArray<i32>;
  entries: i32 = 0;
  /**
   * Per open container, FRAME words: its entry, where its names start on `names` (-1: array), its
   * count, and a 128-bit filter of its name hashes (a name whose bit is clear cannot be a duplicate).
   */
  frames: StaticArray<i32> = new StaticArray<i32>(FRAME * 8);
  frameTop: i32 = 0;
  /** Name entries of every open object, innermost last; made with the first object. */
  names: StaticArray<i32> | null = null;
  nameTop: i32 = 0;
  /** Sorted name entries of large objects, made only when there is one. */
  indexes: Array<StaticArray<i32>> | null = null;

  constructor(
    /** Kept so the bytes stay reachable while `base` points into them. */
    readonly bytes: StaticArray<u8>,
    readonly limits: JsonLimits,
  ) {
    this.base = changetype<usize>(bytes);
    this.len = bytes.length;
    // About one entry per two bytes at most ("1,"), so small inputs rarely grow the tape.
    this.words = new StaticArray<i32>(min((bytes.length >> 1) + 2, 1 << 14) * WORDS);
  }

  /** Appends an entry; returns its index. */
  @inline add(head: i32, a: i32, b: i32, c: i32): i32 {
    const at = this.entries * WORDS;
    if (at + WORDS > this.words.length) this.words = grown(this.words);
    const p = changetype<usize>(this.words) + (<usize>at << 2);
    store<i32>(p, head);
    store<i32>(p, a, 4);
    store<i32>(p, b, 8);
    store<i32>(p, c, 12);
    return this.entries++;
  }

  /** Word w of entry e, or -1 when there is no such entry. */
  @inline word(e: i32, w: i32): i32 {
    const i = e * WORDS + w;
    if (<u32>e >= <u32>this.entries || <u32>w >= <u32>WORDS || i >= this.words.length) return -1;
    return load<i32>(changetype<usize>(this.words) + (<usize>i << 2));
  }

  @inline setWord(e: i32, w: i32, value: i32): void {
    const i = e * WORDS + w;
    if (<u32>e < <u32>this.entries && <u32>w < <u32>WORDS && i < this.words.length) {
      store<i32>(changetype<usize>(this.words) + (<usize>i << 2), value);
    }
  }

  /** Word k of the frame `back` places below the top (1 = innermost), or -1. */
  @inline frame(back: i32, k: i32): i32 {
    const i = this.frameTop - FRAME * back + k;
    if (i < 0 || i >= this.frameTop || i >= this.frames.length) return -1;
    return load<i32>(changetype<usize>(this.frames) + (<usize>i << 2));
  }

  /** Sets word k of the innermost frame. */
  @inline setFrame(k: i32, value: i32): void {
    const i = this.frameTop - FRAME + k;
    if (i < 0 || i >= this.frameTop || i >= this.frames.length) return;
    store<i32>(changetype<usize>(this.frames) + (<usize>i << 2), value);
  }

  @inline get depth(): i32 {
    return this.frameTop / FRAME;
  }

  pushFrame(entry: i32, namesStart: i32): void {
    if (this.frameTop + FRAME > this.frames.length) this.frames = grown(this.frames);
    const p = changetype<usize>(this.frames) + (<usize>this.frameTop << 2);
    store<i32>(p, entry);
    store<i32>(p, namesStart, 4);
    store<i64>(p, 0, 8); // count and filter word 0
    store<i64>(p, 0, 16);
    store<i32>(p, 0, 24);
    this.frameTop += FRAME;
  }

  popFrame(): void {
    if (this.frameTop >= FRAME) this.frameTop -= FRAME;
  }

  pushName(e: i32): void {
    let names = this.names;
    if (names == null) this.names = names = new StaticArray<i32>(32);
    else if (this.nameTop >= names.length) this.names = names = grown(names);
    store<i32>(changetype<usize>(names) + (<usize>this.nameTop << 2), e);
    this.nameTop++;
  }

  /** The i-th name entry on the stack, or -1. */
  @inline nameAt(i: i32): i32 {
    const names = this.names;
    if (names == null || <u32>i >= <u32>this.nameTop || i >= names.length) return -1;
    return load<i32>(changetype<usize>(names) + (<usize>i << 2));
  }

  /** Drops the names from index n up. */
  dropNames(n: i32): void {
    if (n >= 0 && n < this.nameTop) this.nameTop = n;
  }

  /** The byte at pos, or -1 at the end. */
  @inline peek(): i32 {
    const p = this.pos;
    return p < this.len ? <i32>load<u8>(this.base + <usize>p) : -1;
  }

  /** The byte at an absolute offset, or -1 outside the input. */
  @inline byteAt(at: i32): i32 {
    return at >= 0 && at < this.len ? <i32>load<u8>(this.base + <usize>at) : -1;
  }

  get failed(): bool {
    return this.error.length != 0;
  }

  /** Records the first error only: later ones are consequences of it. */
  fail(message: string, at: i32): void {
    if (this.error.length == 0) {
      this.error = message;
      this.errorOffset = at;
    }
  }

  /** Counts one more value; false (with an error) once the document holds too many. */
  @inline countValue(): bool {
    if (this.values >= this.limits.maxValues) {
      this.fail("too many values", this.pos);
      return false;
    }
    this.values++;
    return true;
  }

  /** JSON whitespace only (RFC 8259 §2): space, tab, LF, CR. */
  @inline skipWhitespace(): void {
    let p = this.pos;
    if (p < this.len && load<u8>(this.base + <usize>p) > 0x20) return; // the usual case
    const end = this.len;
    while (p < end) {
      const c = load<u8>(this.base + <usize>p);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      p++;
    }
    this.pos = p;
  }
}

/** A copy twice the size. */
function grown(a: StaticArray<i32>): StaticArray<i32> {
  const b = new StaticArray<i32>(max(a.length << 1, 8));
  memory.copy(changetype<usize>(b), changetype<usize>(a), <usize>a.length << 2);
  return b;
}
