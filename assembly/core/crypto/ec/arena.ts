// Scratch memory for one verification: field elements, points and digit strings are carved out of
// a few GC-managed blocks held here, so the arithmetic itself never allocates and the blocks live
// exactly as long as the Arena object. Running past a block starts a new one instead of writing out
// of bounds.

const CHUNK_BYTES: i32 = 4096;

export class Arena {
  private chunks: StaticArray<u8>[] = [];
  private next: usize = 0;
  private end: usize = 0;

  /** `bytes` of zeroed memory, 8-byte aligned, valid while this Arena is reachable. */
  take(bytes: i32): usize {
    const size = <usize>((bytes + 7) & ~7);
    if (this.next + size > this.end) {
      const chunk = new StaticArray<u8>(max(CHUNK_BYTES, <i32>size));
      this.chunks.push(chunk);
      this.next = changetype<usize>(chunk);
      this.end = this.next + <usize>chunk.length;
    }
    const p = this.next;
    this.next += size;
    return p;
  }
}
