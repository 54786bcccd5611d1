// proxy-wasm ABI 0.2.x numbers and the wire formats the host and the module exchange. Values are
// those of the spec (proxy-wasm/spec, abi-versions/v0.2.1) as proxy-wasm-cpp-host implements them.
import { PROXY_HOST, WASI } from "../../../scripts/check-imports.ts";

export const WasmResult = {
  Ok: 0,
  NotFound: 1,
  BadArgument: 2,
  SerializationFailure: 3,
  ParseFailure: 4,
  BadExpression: 5,
  InvalidMemoryAccess: 6,
  Empty: 7,
  CasMismatch: 8,
  ResultMismatch: 9,
  InternalFailure: 10,
  BrokenConnection: 11,
  Unimplemented: 12,
} as const;

export const LogLevel = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, critical: 5 } as const;
export const LOG_LEVEL_NAMES = ["trace", "debug", "info", "warn", "error", "critical"] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

export const HeaderMapType = {
  RequestHeaders: 0,
  RequestTrailers: 1,
  ResponseHeaders: 2,
  ResponseTrailers: 3,
  GrpcReceiveInitialMetadata: 4,
  GrpcReceiveTrailingMetadata: 5,
  HttpCallResponseHeaders: 6,
  HttpCallResponseTrailers: 7,
} as const;
export const HEADER_MAP_TYPE_MAX = 7;

export const BufferType = {
  HttpRequestBody: 0,
  HttpResponseBody: 1,
  NetworkDownstreamData: 2,
  NetworkUpstreamData: 3,
  HttpCallResponseBody: 4,
  GrpcReceiveBuffer: 5,
  VmConfiguration: 6,
  PluginConfiguration: 7,
  CallData: 8,
} as const;
export const BUFFER_TYPE_MAX = 8;

export const StreamType = { Request: 0, Response: 1, Downstream: 2, Upstream: 3 } as const;
export const STREAM_TYPE_MAX = 3;

export const FilterHeadersStatus = {
  Continue: 0,
  StopIteration: 1,
  ContinueAndEndStream: 2,
  StopAllIterationAndBuffer: 3,
  StopAllIterationAndWatermark: 4,
} as const;

export const FilterDataStatus = {
  Continue: 0,
  StopIterationAndBuffer: 1,
  StopIterationAndWatermark: 2,
  StopIterationNoBuffer: 3,
} as const;

export const MetricType = { Counter: 0, Gauge: 1, Histogram: 2 } as const;

// Host functions Envoy links in module "env" for ABI 0.2.x, and the WASI preview1 functions it
// implements: one list, the one that guards the build (scripts/check-imports.ts).
export const PROXY_HOST_FUNCTIONS: ReadonlySet<string> = PROXY_HOST;
export const WASI_FUNCTIONS: ReadonlySet<string> = WASI;
export const WASI_MODULES: ReadonlySet<string> = new Set(["wasi_snapshot_preview1", "wasi_unstable"]);

// The only host functions a module may call while the host runs _initialize/_start (cpp-host
// WasmBase::startVm restricts the VM; any other import traps with "restricted_callback").
export const ALLOWED_DURING_START: ReadonlySet<string> = new Set([
  "env.proxy_log", "fd_write", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get",
  "clock_time_get", "random_get", "fd_fdstat_get", "fd_prestat_get", "fd_prestat_dir_name",
]);

export const ABI_0_2_MARKERS = ["proxy_abi_version_0_2_0", "proxy_abi_version_0_2_1"];

// Limits of PairsUtil::toPairs: a bigger or longer list is silently read as empty.
export const PAIRS_MAX_BYTES = 1024 * 1024;
export const PAIRS_MAX_COUNT = 1024;
// WASI random_get refuses more than this in one call (EINVAL).
export const RANDOM_GET_MAX_BYTES = 64 * 1024;

/** One header as name and value. In the public API these are ordinary (UTF-8) JS strings. */
export type HeaderPair = [name: string, value: string];
/** Headers in order, repeated names allowed. */
export type Pairs = HeaderPair[];
/** What tests may pass where headers are expected: an object or a list of pairs (for repeats). */
export type HeadersInit = Pairs | Record<string, string | string[]>;

export function toPairs(init: HeadersInit | undefined): Pairs {
  if (init === undefined) return [];
  if (Array.isArray(init)) return init.map(([k, v]) => [k, v]);
  const pairs: Pairs = [];
  for (const [k, v] of Object.entries(init)) {
    for (const value of Array.isArray(v) ? v : [v]) pairs.push([k, value]);
  }
  return pairs;
}

// Inside the host every header name/value, body and config is a "byte string": one JS char per
// byte (latin1), so bytes the module hands over survive unchanged whatever their encoding. Tests
// see UTF-8 decoded strings; the *Bytes accessors give exact bytes.
export function bytesToBstr(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}
export function bstrToBytes(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}
export const utf8ToBstr = (s: string): string => Buffer.from(s, "utf8").toString("latin1");
/** Invalid UTF-8 sequences become U+FFFD; use the raw accessors where bytes matter. */
export const bstrToUtf8 = (s: string): string => Buffer.from(s, "latin1").toString("utf8");
export function toBstr(data: string | Uint8Array | undefined): string {
  if (data === undefined) return "";
  return typeof data === "string" ? utf8ToBstr(data) : bytesToBstr(data);
}
export const pairsToBstr = (pairs: Pairs): Pairs => pairs.map(([k, v]) => [utf8ToBstr(k), utf8ToBstr(v)]);
export const pairsFromBstr = (pairs: Pairs): Pairs => pairs.map(([k, v]) => [bstrToUtf8(k), bstrToUtf8(v)]);

/** Envoy's LowerCaseString lowers ASCII only (absl::AsciiStrToLower). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Serializes byte-string pairs as proxy-wasm does: u32 count, then u32 name length and u32 value
 * length per pair, then each name and value followed by a NUL byte. Integers little-endian.
 */
export function serializePairs(pairs: Pairs): Uint8Array {
  let size = 4;
  for (const [k, v] of pairs) size += 8 + k.length + 1 + v.length + 1;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, pairs.length, true);
  let pos = 4;
  for (const [k, v] of pairs) {
    view.setUint32(pos, k.length, true);
    view.setUint32(pos + 4, v.length, true);
    pos += 8;
  }
  for (const [k, v] of pairs) {
    out.set(bstrToBytes(k), pos);
    pos += k.length + 1;
    out.set(bstrToBytes(v), pos);
    pos += v.length + 1;
  }
  return out;
}

/**
 * Parses serialized pairs (into byte strings) with the rules of cpp-host PairsUtil::toPairs: any
 * inconsistency (short buffer, missing NUL, trailing bytes, more than 1024 pairs or 1 MiB) yields
 * null, which the host treats as an empty list, as Envoy silently does.
 */
export function deserializePairs(bytes: Uint8Array): Pairs | null {
  if (bytes.length > PAIRS_MAX_BYTES || bytes.length < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  if (count > PAIRS_MAX_COUNT || 4 + count * 8 > bytes.length) return null;
  const sizes: [number, number][] = [];
  let pos = 4;
  for (let i = 0; i < count; i++, pos += 8) {
    sizes.push([view.getUint32(pos, true), view.getUint32(pos + 4, true)]);
  }
  const pairs: Pairs = [];
  for (const [keyLen, valueLen] of sizes) {
    if (pos + keyLen + 1 > bytes.length || bytes[pos + keyLen] !== 0) return null;
    const key = bytesToBstr(bytes.subarray(pos, pos + keyLen));
    pos += keyLen + 1;
    if (pos + valueLen + 1 > bytes.length || bytes[pos + valueLen] !== 0) return null;
    const value = bytesToBstr(bytes.subarray(pos, pos + valueLen));
    pos += valueLen + 1;
    pairs.push([key, value]);
  }
  return pos === bytes.length ? pairs : null;
}

/** First value of a header (names compared case-insensitively), or undefined. */
export function headerValue(pairs: Pairs, name: string): string | undefined {
  const lower = asciiLower(name);
  return pairs.find(([k]) => asciiLower(k) === lower)?.[1];
}

/** Every value of a header, in order. */
export function headerValues(pairs: Pairs, name: string): string[] {
  const lower = asciiLower(name);
  return pairs.filter(([k]) => asciiLower(k) === lower).map(([, v]) => v);
}
