// The WASI preview1 functions Envoy gives a proxy-wasm module, with the results proxy-wasm-cpp-host
// returns (stdout/stderr go to the log, no files, no arguments), a fake clock and seeded randomness.
import { randomFillSync } from "node:crypto";
import { LogLevel, RANDOM_GET_MAX_BYTES } from "./abi.ts";
import { ProcExitError, type ImportImpl, type VmCore } from "./core.ts";

const ESUCCESS = 0;
const EBADF = 8;
const EFAULT = 21;
const EINVAL = 28;
const ENOENT = 44;
const ENOSYS = 52;
const ENOTSUP = 58;

/** Deterministic byte source: xoshiro128** seeded through splitmix32. Not for real secrets. */
export class SeededRandom {
  private s: Uint32Array;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = new Uint32Array([next(), next(), next(), next()]);
  }

  private nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  fill(out: Uint8Array): void {
    for (let i = 0; i < out.length; i += 4) {
      const word = this.nextU32();
      for (let j = 0; j < 4 && i + j < out.length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export interface WasiEnvironment {
  vm: VmCore;
  /** Wall clock in nanoseconds (CLOCK_REALTIME). */
  realtimeNs(): bigint;
  /** Monotonic clock in nanoseconds; never goes back. */
  monotonicNs(): bigint;
  /** Fills `out` with random bytes (seeded or crypto) and records them when asked to. */
  random(out: Uint8Array): void;
  env: [string, string][];
}

export function createWasiImports(w: WasiEnvironment): Record<string, ImportImpl> {
  const mem = () => w.vm.memory;

  // Envoy concatenates the iovecs, drops one trailing newline and logs at info (1) or error (2).
  function fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
    if (fd !== 1 && fd !== 2) return EBADF;
    let text = "";
    for (let i = 0; i < iovsLen >>> 0; i++) {
      const base = mem().getU32(iovs + i * 8);
      const len = mem().getU32(iovs + i * 8 + 4);
      if (base === null || len === null) return EFAULT;
      if (len === 0) continue;
      const chunk = mem().readBstr(base, len);
      if (chunk === null) return EFAULT;
      text += chunk;
    }
    const written = text.length;
    if (written > 0) {
      w.vm.log(fd === 1 ? LogLevel.info : LogLevel.error, text.endsWith("\n") ? text.slice(0, -1) : text,
        fd === 1 ? "stdout" : "stderr");
    }
    return mem().setU32(nwrittenPtr, written) ? ESUCCESS : EFAULT;
  }

  function environ_sizes_get(countPtr: number, bufSizePtr: number): number {
    const size = w.env.reduce((n, [k, v]) => n + k.length + v.length + 2, 0);
    if (!mem().setU32(countPtr, w.env.length)) return EFAULT;
    return mem().setU32(bufSizePtr, size) ? ESUCCESS : EFAULT;
  }

  function environ_get(arrayPtr: number, bufPtr: number): number {
    for (const [k, v] of w.env) {
      if (!mem().setU32(arrayPtr, bufPtr)) return EFAULT;
      const entry = new TextEncoder().encode(`${k}=${v}\0`);
      if (!mem().write(bufPtr, entry)) return EFAULT;
      bufPtr += entry.length;
      arrayPtr += 4;
    }
    return ESUCCESS;
  }

  function clock_time_get(clockId: number, _precision: bigint, resultPtr: number): number {
    let value: bigint;
    if (clockId === 0) value = w.realtimeNs();
    else if (clockId === 1) value = w.monotonicNs();
    else return ENOTSUP;
    return mem().setU64(resultPtr, value) ? ESUCCESS : EFAULT;
  }

  function random_get(ptr: number, len: number): number {
    len >>>= 0;
    if (len > RANDOM_GET_MAX_BYTES) return EINVAL;
    if (len === 0) return ESUCCESS;
    const bytes = new Uint8Array(len);
    w.random(bytes);
    return mem().write(ptr, bytes) ? ESUCCESS : EFAULT;
  }

  // fd_fdstat_get: a zeroed 24-byte fdstat whose rights allow writing, for stdout/stderr only.
  function fd_fdstat_get(fd: number, statPtr: number): number {
    if (fd !== 1 && fd !== 2) return EBADF;
    const stat = new Uint8Array(24);
    stat[8] = 64; // fs_rights_base = FD_WRITE
    mem().write(statPtr, stat);
    return ESUCCESS;
  }

  return {
    fd_write,
    fd_read: () => ENOSYS,
    // Envoy logs these at trace level as errors and reports success.
    fd_seek: () => ESUCCESS,
    fd_close: () => ESUCCESS,
    fd_fdstat_get,
    environ_get,
    environ_sizes_get,
    args_get: () => ESUCCESS,
    args_sizes_get: (argcPtr: number, bufSizePtr: number) =>
      mem().setU32(argcPtr, 0) && mem().setU32(bufSizePtr, 0) ? ESUCCESS : EFAULT,
    clock_time_get,
    random_get,
    // Envoy only logs proc_exit and returns; the module then hits `unreachable`. Either way the VM
    // is dead, so the fake host stops the module right here and records the exit code.
    proc_exit: (code: number) => {
      throw new ProcExitError(code);
    },
    path_open: () => ENOENT,
    fd_prestat_get: () => EBADF,
    fd_prestat_dir_name: () => ENOSYS,
  };
}

/** Builds the random source: seeded by default, node:crypto on request; optionally recorded. */
export function makeRandom(seed: number | "crypto", record: Uint8Array[] | null): (out: Uint8Array) => void {
  const seeded = seed === "crypto" ? null : new SeededRandom(seed);
  return (out) => {
    if (seeded === null) randomFillSync(out);
    else seeded.fill(out);
    record?.push(out.slice());
  };
}
