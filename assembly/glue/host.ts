// Thin, non-throwing wrappers over the proxy-wasm host (through proxy-runtime) and WASI. The
// runtime's own helpers throw (CHECK_RESULT) when the host reports an error, which would abort the
// VM; these return the error instead. Nothing here makes decisions.

import {
  abi, log, LogLevelValues, HeaderPair, send_local_response, free,
  get_buffer_bytes, BufferTypeValues, HeaderMapTypeValues, StreamTypeValues, WasmResultValues,
  proxy_set_effective_context,
} from "./runtime";
import { Header } from "../core/http/request";
import { Entropy } from "../core/entropy";

// WASI random_get (wasi_snapshot_preview1): Envoy fills it from its CSPRNG. Never Math.random,
// which AssemblyScript seeds once and which is not meant for secrets.
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "random_get")
declare function wasi_random_get(buf: usize, len: usize): u16;

export class HostEntropy extends Entropy {
  bytes(n: i32): Uint8Array | null {
    const out = new Uint8Array(n);
    if (n == 0) return out;
    if (wasi_random_get(out.dataStart, n) != 0) return null;
    return out;
  }
}

const timeScratch = new StaticArray<u64>(1);

/** Wall-clock milliseconds since the epoch; 0 when the host cannot tell. */
export function nowMs(): i64 {
  if (abi.proxy_get_current_time_nanoseconds(changetype<usize>(timeScratch)) != WasmResultValues.Ok) return 0;
  return (unchecked(timeScratch[0]) / 1_000_000) as i64;
}

export function logInfo(msg: string): void { log(LogLevelValues.info, msg); }
export function logWarn(msg: string): void { log(LogLevelValues.warn, msg); }
export function logError(msg: string): void { log(LogLevelValues.error, msg); }
export function logDebug(msg: string): void { log(LogLevelValues.debug, msg); }

/**
 * The UTF-8 bytes [p, p + n) as a string. Header text is ASCII in practice (the session cookie is
 * base64url): that is checked eight bytes at a time and widened directly; anything else goes
 * through String.UTF8.decodeUnsafe, with its U+FFFD for invalid sequences. Same result either way.
 */
function utf8Text(p: usize, n: usize): string {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if ((load<u64>(p + i) & 0x8080808080808080) != 0) return String.UTF8.decodeUnsafe(p, n);
  for (; i < n; i++) if ((load<u8>(p + i) & 0x80) != 0) return String.UTF8.decodeUnsafe(p, n);
  const out = __new(n << 1, idof<string>());
  for (let j: usize = 0; j < n; j++) store<u16>(out + (j << 1), load<u8>(p + j));
  return changetype<string>(out);
}

/** The UTF-8 bytes of s (as String.UTF8.encode), ASCII narrowed directly. */
function utf8Bytes(s: string): ArrayBuffer {
  const p = changetype<usize>(s);
  const n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) if (load<u16>(p + (i << 1)) >= 0x80) return String.UTF8.encode(s);
  const out = changetype<usize>(new ArrayBuffer(<i32>n));
  for (let j: usize = 0; j < n; j++) store<u8>(out + j, <u8>load<u16>(p + (j << 1)));
  return changetype<ArrayBuffer>(out);
}

// Where the host writes the address and size of the buffer it allocated (with our malloc).
const pairsScratch = new StaticArray<usize>(2);

/**
 * A header map, decoded straight from the host's buffer into strings (proxy-wasm wire format: u32
 * count, (u32 key length, u32 value length) per pair, then each key and value NUL-terminated).
 * proxy-runtime's get_headers copied every name and value twice before this decoding; with the
 * session cookie that was a large share of the allocations per request. Invalid UTF-8 becomes
 * U+FFFD, as String.UTF8.decode did there. A buffer that does not hold what its sizes say gives
 * the pairs that fit.
 */
function headerMap(typ: HeaderMapTypeValues): Array<Header> {
  const slots = changetype<usize>(pairsScratch);
  store<usize>(slots, 0);
  store<usize>(slots, 0, sizeof<usize>());
  const ok = abi.proxy_get_header_map_pairs(typ, slots, slots + sizeof<usize>()) == WasmResultValues.Ok;
  const base = load<usize>(slots);
  const size = load<usize>(slots, sizeof<usize>());
  const out = new Array<Header>();
  if (ok && base != 0 && size >= 4) {
    const count = <usize>load<u32>(base);
    let data = <u64>4 + <u64>8 * <u64>count;
    for (let i: usize = 0; i < count && data <= <u64>size; i++) {
      const keyLen = <u64>load<u32>(base + 4 + 8 * i);
      const valueLen = <u64>load<u32>(base + 8 + 8 * i);
      if (data + keyLen + valueLen + 2 > <u64>size) break;
      const name = utf8Text(base + <usize>data, <usize>keyLen);
      data += keyLen + 1;
      const value = utf8Text(base + <usize>data, <usize>valueLen);
      data += valueLen + 1;
      out.push(new Header(name, value));
    }
  }
  // The buffer was pinned by malloc; unpinned, the collector takes it back.
  if (base != 0) free(base);
  return out;
}

function toPairs(headers: Array<Header>): Array<HeaderPair> {
  const out = new Array<HeaderPair>(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const h = unchecked(headers[i]);
    unchecked((out[i] = new HeaderPair(String.UTF8.encode(h.name), String.UTF8.encode(h.value))));
  }
  return out;
}

export function requestHeaders(): Array<Header> {
  return headerMap(HeaderMapTypeValues.RequestHeaders);
}

export function httpCallResponseHeaders(): Array<Header> {
  return headerMap(HeaderMapTypeValues.HttpCallResponseHeaders);
}

export function httpCallResponseBody(size: u32): Uint8Array {
  if (size == 0) return new Uint8Array(0);
  return Uint8Array.wrap(get_buffer_bytes(BufferTypeValues.HttpCallResponseBody, 0, size));
}

/** The plugin configuration bytes (read directly: proxy-runtime's onConfigure passes a size as a pointer). */
export function pluginConfiguration(size: u32): Uint8Array {
  if (size == 0) return new Uint8Array(0);
  return Uint8Array.wrap(get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, size));
}

export function replaceRequestHeader(name: string, value: string): bool {
  const k = utf8Bytes(name);
  const v = utf8Bytes(value);
  return abi.proxy_replace_header_map_value(HeaderMapTypeValues.RequestHeaders, changetype<usize>(k), k.byteLength,
    changetype<usize>(v), v.byteLength) == WasmResultValues.Ok;
}

export function removeRequestHeader(name: string): bool {
  const k = utf8Bytes(name);
  return abi.proxy_remove_header_map_value(HeaderMapTypeValues.RequestHeaders, changetype<usize>(k), k.byteLength) ==
    WasmResultValues.Ok;
}

export function addResponseHeader(name: string, value: string): bool {
  const k = String.UTF8.encode(name);
  const v = String.UTF8.encode(value);
  return abi.proxy_add_header_map_value(HeaderMapTypeValues.ResponseHeaders, changetype<usize>(k), k.byteLength,
    changetype<usize>(v), v.byteLength) == WasmResultValues.Ok;
}

/** Answers the client directly. `details` lands in Envoy's response-code-details: no spaces, no secrets. */
export function sendLocalResponse(status: u32, details: string, body: string, headers: Array<Header>): bool {
  // grpc_status -1 (as u32) means "not a gRPC response" in the proxy-wasm ABI.
  return send_local_response(status, details, String.UTF8.encode(body), toPairs(headers), -1) == WasmResultValues.Ok;
}

export function continueRequest(): bool {
  return abi.proxy_continue_stream(StreamTypeValues.Request) == WasmResultValues.Ok;
}

export function setEffectiveContext(contextId: u32): bool {
  return proxy_set_effective_context(contextId) == WasmResultValues.Ok;
}

export function setTickPeriodMs(ms: u32): bool {
  return abi.proxy_set_tick_period_milliseconds(ms) == WasmResultValues.Ok;
}

const tokenScratch = new StaticArray<u32>(1);

/** Dispatches an HTTP call; returns its token, or 0 when the host refused it (unknown cluster...). */
export function dispatchHttpCall(cluster: string, headers: Array<Header>, body: string, timeoutMs: u32): u32 {
  const c = String.UTF8.encode(cluster);
  const h = serializePairs(headers);
  const b = String.UTF8.encode(body);
  const t = new ArrayBuffer(4);
  const result = abi.proxy_http_call(changetype<usize>(c), c.byteLength, changetype<usize>(h), h.byteLength,
    changetype<usize>(b), b.byteLength, changetype<usize>(t), 0, timeoutMs, changetype<usize>(tokenScratch));
  if (result != WasmResultValues.Ok) return 0;
  return unchecked(tokenScratch[0]);
}

/**
 * proxy-wasm header-map wire format: u32 count, then (u32 key length, u32 value length) per pair,
 * then each key and value followed by a NUL byte. (proxy-runtime has a serializer but does not
 * export it; its RootContext.httpCall does not compile on AssemblyScript 0.27.)
 */
function serializePairs(headers: Array<Header>): ArrayBuffer {
  const keys = new Array<ArrayBuffer>(headers.length);
  const values = new Array<ArrayBuffer>(headers.length);
  let size = 4 + 8 * headers.length;
  for (let i = 0; i < headers.length; i++) {
    const h = unchecked(headers[i]);
    const k = String.UTF8.encode(h.name);
    const v = String.UTF8.encode(h.value);
    unchecked((keys[i] = k));
    unchecked((values[i] = v));
    size += k.byteLength + v.byteLength + 2;
  }
  const buf = new ArrayBuffer(size);
  const base = changetype<usize>(buf);
  store<u32>(base, headers.length);
  let p = base + 4 + 8 * headers.length;
  for (let i = 0; i < headers.length; i++) {
    const k = unchecked(keys[i]);
    const v = unchecked(values[i]);
    store<u32>(base + 4 + 8 * i, k.byteLength);
    store<u32>(base + 8 + 8 * i, v.byteLength);
    memory.copy(p, changetype<usize>(k), k.byteLength);
    p += k.byteLength;
    store<u8>(p, 0);
    p += 1;
    memory.copy(p, changetype<usize>(v), v.byteLength);
    p += v.byteLength;
    store<u8>(p, 0);
    p += 1;
  }
  return buf;
}
