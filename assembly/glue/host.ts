// Thin, non-throwing wrappers over the proxy-wasm host (through proxy-runtime) and WASI. The
// runtime's own helpers throw (CHECK_RESULT) when the host reports an error, which would abort the
// VM; these return the error instead. Nothing here makes decisions.

import {
  abi, log, LogLevelValues, HeaderPair, stream_context, send_local_response,
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

function toHeaders(pairs: Array<HeaderPair>): Array<Header> {
  const out = new Array<Header>(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const p = unchecked(pairs[i]);
    unchecked((out[i] = new Header(String.UTF8.decode(p.key), String.UTF8.decode(p.value))));
  }
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
  return toHeaders(stream_context.headers.request.get_headers());
}

export function httpCallResponseHeaders(): Array<Header> {
  return toHeaders(stream_context.headers.http_callback.get_headers());
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
  const k = String.UTF8.encode(name);
  const v = String.UTF8.encode(value);
  return abi.proxy_replace_header_map_value(HeaderMapTypeValues.RequestHeaders, changetype<usize>(k), k.byteLength,
    changetype<usize>(v), v.byteLength) == WasmResultValues.Ok;
}

export function removeRequestHeader(name: string): bool {
  const k = String.UTF8.encode(name);
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
