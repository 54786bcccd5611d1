// AssemblyScript source of a small proxy-wasm module (built on @solo-io/proxy-runtime 0.1.8, like
// the filter) whose behaviour the request header "x-probe" selects. The fake host's own tests
// compile it (probe-build.ts) to check the host's mechanics independently of the real filter.
// It logs every WasmResult it gets as "name=code" so tests can assert Envoy's result codes.
export const PROBE_ROOT_ID = "probe";

export const PROBE_SOURCE = String.raw`
export * from "../../../node_modules/@solo-io/proxy-runtime/assembly/proxy";
import {
  RootContext, Context, registerRootContext, log, LogLevelValues, send_local_response, HeaderPair,
} from "../../../node_modules/@solo-io/proxy-runtime/assembly";
import * as imports from "../../../node_modules/@solo-io/proxy-runtime/assembly/imports";
import { free } from "../../../node_modules/@solo-io/proxy-runtime/assembly/malloc";

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "random_get")
declare function random_get(ptr: usize, len: usize): u16;
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "clock_time_get")
declare function clock_time_get(id: u32, precision: u64, out: usize): u16;

const REQUEST: i32 = 0;
const RESPONSE: i32 = 2;
const CALL_RESPONSE: i32 = 6;
const out = new ArrayBuffer(16);
const outPtr = changetype<usize>(out);

function note(name: string, code: u32): void {
  log(LogLevelValues.info, name + "=" + code.toString());
}
function bytes(s: string): ArrayBuffer { return String.UTF8.encode(s); }
// Takes ownership of a buffer the host allocated through malloc (pointer, size at outPtr).
function takeString(): string {
  const ptr = load<u32>(outPtr);
  const size = load<u32>(outPtr + 4);
  if (size == 0) return "";
  const s = String.UTF8.decodeUnsafe(ptr, size);
  free(ptr);
  return s;
}
function getHeader(map: i32, name: string): string | null {
  const k = bytes(name);
  const r = imports.proxy_get_header_map_value(map, changetype<usize>(k), k.byteLength, outPtr, outPtr + 4);
  if (r != 0) return null;
  return takeString();
}
function addHeader(map: i32, name: string, value: string): u32 {
  const k = bytes(name);
  const v = bytes(value);
  return imports.proxy_add_header_map_value(map, changetype<usize>(k), k.byteLength, changetype<usize>(v), v.byteLength);
}
function serialize(pairs: string[]): ArrayBuffer {
  let size = 4;
  for (let i = 0; i < pairs.length; i++) size += 4 + String.UTF8.byteLength(pairs[i]) + 1;
  const buf = new ArrayBuffer(size);
  const base = changetype<usize>(buf);
  store<u32>(base, pairs.length / 2);
  let data = base + 4 + 4 * pairs.length;
  for (let i = 0; i < pairs.length; i++) {
    const b = bytes(pairs[i]);
    store<u32>(base + 4 + 4 * i, b.byteLength);
    memory.copy(data, changetype<usize>(b), b.byteLength);
    data += b.byteLength + 1;
  }
  return buf;
}
function httpCall(cluster: string, pairs: string[]): u32 {
  const c = bytes(cluster);
  const h = serialize(pairs);
  const body = bytes("grant_type=x");
  const none = serialize([]);
  const r = imports.proxy_http_call(changetype<usize>(c), c.byteLength, changetype<usize>(h), h.byteLength,
    changetype<usize>(body), body.byteLength, changetype<usize>(none), none.byteLength, 5000, outPtr + 8);
  note("http_call", r);
  return r == 0 ? load<u32>(outPtr + 8) : 0;
}
function hex(ptr: usize, len: i32): string {
  let s = "";
  for (let i = 0; i < len; i++) {
    const b = load<u8>(ptr + i);
    s += (b < 16 ? "0" : "") + b.toString(16);
  }
  return s;
}

const waiting = new Map<u32, u32>(); // http call token -> stream context id

class ProbeRoot extends RootContext {
  createContext(id: u32): Context { return new ProbeStream(id, this); }

  // Reads the configuration the safe way (proxy-runtime's base onConfigure is broken).
  onConfigure(size: u32): bool {
    const r = imports.proxy_get_buffer_status(7, outPtr, outPtr + 4);
    note("buffer_status", r);
    note("config_length", load<u32>(outPtr));
    const r2 = imports.proxy_get_buffer_bytes(7, 0, size, outPtr, outPtr + 4);
    note("buffer_bytes", r2);
    const config = takeString();
    log(LogLevelValues.info, "config:" + config);
    if (config.includes("tick")) imports.proxy_set_tick_period_milliseconds(1000);
    return config != "reject";
  }

  onTick(): void {
    imports.proxy_get_current_time_nanoseconds(outPtr);
    log(LogLevelValues.info, "tick:" + load<u64>(outPtr).toString());
  }

  onHttpCallResponse(token: u32, headers: u32, body_size: u32, trailers: u32): void {
    if (!waiting.has(token)) return;
    const id = waiting.get(token);
    waiting.delete(token);
    note("set_effective_context", imports.proxy_set_effective_context(id));
    if (headers == 0) {
      const r = imports.proxy_get_status(outPtr + 8, outPtr, outPtr + 4);
      log(LogLevelValues.info, "call_failed status=" + load<u32>(outPtr + 8).toString() + " message=" + takeString());
      send_local_response(502, "idp unreachable", bytes("bad gateway"), [], -1);
      return;
    }
    const status = getHeader(CALL_RESPONSE, ":status");
    note("call_headers", headers);
    imports.proxy_get_buffer_bytes(4, 0, body_size, outPtr, outPtr + 4);
    const body = takeString();
    addHeader(REQUEST, "x-idp-status", status === null ? "none" : status);
    addHeader(REQUEST, "x-idp-body", body);
    note("continue", imports.proxy_continue_stream(0));
    // Envoy forgets the request headers once continued: this must fail with BadArgument.
    note("add_after_continue", addHeader(REQUEST, "x-late", "1"));
  }
}

class ProbeStream extends Context {
  constructor(id: u32, root: RootContext) { super(id, root); }

  onRequestHeaders(n: u32, end_of_stream: bool): i32 {
    const action = getHeader(REQUEST, "x-probe");
    const a = action === null ? "continue" : action;
    note("request_headers_count", n);
    if (a == "missing") {
      const k = bytes("x-missing");
      note("missing", imports.proxy_get_header_map_value(REQUEST, changetype<usize>(k), k.byteLength, outPtr, outPtr + 4));
      note("response_map_in_request", imports.proxy_get_header_map_value(RESPONSE, changetype<usize>(k), k.byteLength, outPtr, outPtr + 4));
      const p = bytes("no.such.property");
      note("property_missing", imports.proxy_get_property(changetype<usize>(p), p.byteLength, outPtr, outPtr + 4));
      const q = bytes("plugin_root_id");
      note("property_root_id", imports.proxy_get_property(changetype<usize>(q), q.byteLength, outPtr, outPtr + 4));
      log(LogLevelValues.info, "root_id:" + takeString());
      return 0;
    }
    if (a == "echo") {
      note("get_pairs", imports.proxy_get_header_map_pairs(REQUEST, outPtr, outPtr + 4));
      const ptr = load<u32>(outPtr);
      const size = load<u32>(outPtr + 4);
      // Hand the host's serialization straight back, then add one header: a pure round trip.
      note("set_pairs", imports.proxy_set_header_map_pairs(REQUEST, ptr, size));
      free(ptr);
      addHeader(REQUEST, "x-echoed", "1");
      const k = bytes("x-remove-me");
      note("remove", imports.proxy_remove_header_map_value(REQUEST, changetype<usize>(k), k.byteLength));
      const r = bytes("x-replace-me");
      const v = bytes("replaced");
      note("replace", imports.proxy_replace_header_map_value(REQUEST, changetype<usize>(r), r.byteLength, changetype<usize>(v), v.byteLength));
      return 0;
    }
    if (a == "deny") {
      send_local_response(403, "denied by probe", bytes("nope"), [new HeaderPair(bytes("x-denied"), bytes("1"))], -1);
      return 1;
    }
    if (a == "deny-and-continue") {
      send_local_response(401, "denied", bytes(""), [], -1);
      imports.proxy_continue_stream(0);
      return 1;
    }
    if (a == "deny-twice") {
      send_local_response(401, "first", bytes(""), [], -1);
      send_local_response(500, "second", bytes(""), [], -1);
      return 1;
    }
    if (a == "root-local") {
      note("set_effective_root", imports.proxy_set_effective_context(this.root_context.context_id));
      send_local_response(500, "from root", bytes(""), [], -1);
      return 0;
    }
    if (a == "call" || a == "call-bad-cluster" || a == "call-no-path") {
      const pairs = a == "call-no-path"
        ? [":method", "GET", ":authority", "idp.example.com"]
        : [":method", "POST", ":path", "/token", ":authority", "idp.example.com", ":scheme", "https", "Content-Type", "application/x-www-form-urlencoded"];
      const token = httpCall(a == "call-bad-cluster" ? "nope" : "idp", pairs);
      if (token == 0) return 0;
      waiting.set(token, this.context_id);
      return 1;
    }
    if (a == "trap") unreachable();
    if (a == "abort") abort("probe abort", "probe.ts", 1, 1);
    if (a == "random") {
      note("random_get", random_get(outPtr, 16));
      addHeader(REQUEST, "x-random", hex(outPtr, 16));
      note("random_get_too_big", random_get(outPtr, 65537));
      return 0;
    }
    if (a == "time") {
      imports.proxy_get_current_time_nanoseconds(outPtr);
      addHeader(REQUEST, "x-time-ns", load<u64>(outPtr).toString());
      clock_time_get(0, 1, outPtr);
      addHeader(REQUEST, "x-clock-ns", load<u64>(outPtr).toString());
      return 0;
    }
    return 0;
  }

  onResponseHeaders(n: u32, end_of_stream: bool): i32 {
    addHeader(RESPONSE, "x-probe-response", n.toString());
    return 0;
  }

  onLog(): void {
    const path = getHeader(REQUEST, ":path");
    note("add_in_log", addHeader(REQUEST, "x-log", "1"));
    log(LogLevelValues.info, "log-phase path=" + (path === null ? "none" : path));
  }
}

registerRootContext((id: u32) => new ProbeRoot(id), "${PROBE_ROOT_ID}");
`;
