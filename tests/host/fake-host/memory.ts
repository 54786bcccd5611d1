// Access to the module's linear memory the way proxy-wasm-cpp-host does it: every read and write is
// bounds-checked (a bad range is InvalidMemoryAccess, never a host crash), and data handed to the
// module lives in a buffer the module allocates itself through its exported `malloc`.
import { bytesToBstr, bstrToBytes } from "./abi.ts";

export class GuestMemory {
  /** Every allocation the host asked the module for, in order (size and returned pointer). */
  readonly allocations: { size: number; ptr: number }[] = [];

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly malloc: (size: number) => number,
  ) {}

  /** Current size of linear memory in bytes (it only grows). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  // The buffer is replaced whenever memory grows (e.g. inside malloc), so views are never cached.
  private bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  inBounds(ptr: number, size: number): boolean {
    return ptr >= 0 && size >= 0 && ptr + size <= this.byteLength;
  }

  /** A copy of [ptr, ptr+size), or null when the range is outside memory. */
  read(ptr: number, size: number): Uint8Array | null {
    ptr >>>= 0;
    size >>>= 0;
    if (!this.inBounds(ptr, size)) return null;
    return this.bytes().slice(ptr, ptr + size);
  }

  readBstr(ptr: number, size: number): string | null {
    const b = this.read(ptr, size);
    return b === null ? null : bytesToBstr(b);
  }

  write(ptr: number, data: Uint8Array): boolean {
    ptr >>>= 0;
    if (!this.inBounds(ptr, data.length)) return false;
    this.bytes().set(data, ptr);
    return true;
  }

  setU32(ptr: number, value: number): boolean {
    ptr >>>= 0;
    if (!this.inBounds(ptr, 4)) return false;
    new DataView(this.memory.buffer).setUint32(ptr, value >>> 0, true);
    return true;
  }

  setU64(ptr: number, value: bigint): boolean {
    ptr >>>= 0;
    if (!this.inBounds(ptr, 8)) return false;
    new DataView(this.memory.buffer).setBigUint64(ptr, BigInt.asUintN(64, value), true);
    return true;
  }

  getU32(ptr: number): number | null {
    ptr >>>= 0;
    if (!this.inBounds(ptr, 4)) return null;
    return new DataView(this.memory.buffer).getUint32(ptr, true);
  }

  /**
   * WasmBase::allocMemory: calls the module's malloc. A null or out-of-range pointer counts as a
   * failed allocation (null). A trap inside malloc propagates like any trap.
   */
  allocate(size: number): number | null {
    const ptr = this.malloc(size) >>> 0;
    this.allocations.push({ size, ptr });
    if (ptr === 0 || !this.inBounds(ptr, size)) return null;
    return ptr;
  }

  /** Test helper: malloc(size) (at least 1 byte) and copy `data` there. */
  allocateCopy(data: Uint8Array): number {
    const ptr = this.allocate(Math.max(data.length, 1));
    if (ptr === null) throw new Error("the module's malloc failed");
    this.write(ptr, data);
    return ptr;
  }

  /**
   * WasmBase::copyToPointerSize: an empty value writes pointer 0 and size 0 without allocating;
   * otherwise malloc(size), copy, then write pointer and size. Like Envoy, the allocation happens
   * before the out-pointers are checked, so a bad out-pointer leaks the buffer.
   */
  copyToPointerSize(data: string | Uint8Array, ptrPtr: number, sizePtr: number): boolean {
    const bytes = typeof data === "string" ? bstrToBytes(data) : data;
    let ptr = 0;
    if (bytes.length > 0) {
      const p = this.allocate(bytes.length);
      if (p === null) return false;
      this.write(p, bytes);
      ptr = p;
    }
    return this.setU32(ptrPtr, ptr) && this.setU32(sizePtr, bytes.length);
  }
}
