// The proxy_* host functions (module "env") with Envoy's semantics: which context a call acts on,
// which header maps and buffers exist at that moment, and the WasmResult each failure gives.
import {
  BUFFER_TYPE_MAX, BufferType, HEADER_MAP_TYPE_MAX, HeaderMapType, LogLevel, STREAM_TYPE_MAX,
  StreamType, WasmResult, deserializePairs, serializePairs, type Pairs,
} from "./abi.ts";
import type { ContextState, ImportImpl, RootState, VmCore } from "./core.ts";
import type { HeaderMap } from "./headers.ts";
import { createServiceImports, type ServiceEnvironment } from "./env-services.ts";

export interface ProxyEnvironment extends ServiceEnvironment {
  vm: VmCore;
  pluginConfig(): string;
  vmConfig(): string;
  logLevel: number;
  realtimeNs(): bigint;
  /** get_property: value (byte string) for a NUL-split path in this context, or undefined. */
  property(path: string[], ctx: ContextState): string | undefined;
}

const { Ok, NotFound, BadArgument, InvalidMemoryAccess, Unimplemented } = WasmResult;

export function createEnvImports(p: ProxyEnvironment): Record<string, ImportImpl> {
  const vm = p.vm;
  const mem = () => vm.memory;

  // Envoy's Context::getMap: the maps a filter may change right now.
  function mutableMap(ctx: ContextState, type: number): HeaderMap | null {
    if (ctx.kind !== "stream") return null;
    if (type === HeaderMapType.RequestHeaders) return ctx.requestAccessible ? ctx.requestMap : null;
    if (type === HeaderMapType.ResponseHeaders) return ctx.responseAccessible ? ctx.responseMap : null;
    return null;
  }

  // Envoy's Context::getConstMap: the maps a filter may read right now.
  function constMap(ctx: ContextState, type: number): HeaderMap | null {
    const root = vm.rootOf(ctx);
    if (type === HeaderMapType.HttpCallResponseHeaders) return root.httpCallResponse?.headers ?? null;
    if (type === HeaderMapType.HttpCallResponseTrailers) return root.httpCallResponse?.trailers ?? null;
    if (ctx.kind !== "stream") return null;
    if (type === HeaderMapType.RequestHeaders) {
      return ctx.accessLogPhase || ctx.requestAccessible ? ctx.requestMap : null;
    }
    if (type === HeaderMapType.ResponseHeaders) {
      return ctx.accessLogPhase || ctx.responseAccessible ? ctx.responseMap : null;
    }
    return null;
  }

  function readPairs(ptr: number, size: number): Pairs | null {
    const bytes = mem().read(ptr, size);
    if (bytes === null) return null;
    if (bytes.length === 0) return [];
    const pairs = deserializePairs(bytes);
    if (pairs === null) {
      vm.bug("malformed-pairs", vm.context().id, `unparseable header pairs (${bytes.length} bytes) read as empty`);
      return [];
    }
    return pairs;
  }

  // Envoy's Context::getBuffer. null means NotFound; "" stands for an empty or absent body.
  function buffer(ctx: ContextState, type: number): { data: string; mutable: boolean } | null {
    const root = vm.rootOf(ctx);
    switch (type) {
      case BufferType.HttpRequestBody:
        return { data: ctx.kind === "stream" ? ctx.requestBody ?? "" : "", mutable: ctx.kind === "stream" && ctx.requestBody !== null };
      case BufferType.HttpResponseBody:
        return { data: ctx.kind === "stream" ? ctx.responseBody ?? "" : "", mutable: ctx.kind === "stream" && ctx.responseBody !== null };
      case BufferType.HttpCallResponseBody:
        return root.httpCallResponse === null ? null : { data: root.httpCallResponse.body, mutable: false };
      case BufferType.VmConfiguration:
        return { data: p.vmConfig(), mutable: false };
      case BufferType.PluginConfiguration:
        return root.tempPlugin ? { data: p.pluginConfig(), mutable: false } : null;
      default: // network data, gRPC receive buffer, call data: present but empty here
        return { data: "", mutable: false };
    }
  }

  function continueStream(type: number): number {
    if (type > STREAM_TYPE_MAX) return BadArgument;
    const ctx = vm.context();
    if (type === StreamType.Downstream) return Ok;
    if (type === StreamType.Upstream) return Unimplemented;
    if (ctx.kind !== "stream") {
      vm.bug("continue-without-stream", ctx.id, "continue_stream on a root context does nothing in Envoy");
      return Ok;
    }
    vm.defer(type === StreamType.Request ? () => ctx.resumeDecoding() : () => ctx.resumeEncoding());
    // Envoy drops its request header pointer for either direction, right away.
    ctx.requestAccessible = false;
    return Ok;
  }

  const env: Record<string, ImportImpl> = {
    proxy_log(level: number, ptr: number, size: number) {
      if (level >>> 0 > LogLevel.critical) return BadArgument;
      const message = mem().readBstr(ptr, size);
      if (message === null) return InvalidMemoryAccess;
      vm.log(level, message, "proxy_log");
      return Ok;
    },
    proxy_get_log_level: (ptr: number) => (mem().setU32(ptr, p.logLevel) ? Ok : InvalidMemoryAccess),
    proxy_get_current_time_nanoseconds: (ptr: number) => (mem().setU64(ptr, p.realtimeNs()) ? Ok : InvalidMemoryAccess),

    proxy_get_status(codePtr: number, msgPtrPtr: number, msgSizePtr: number) {
      const root: RootState = vm.rootOf(vm.context());
      if (!mem().setU32(codePtr, root.status.code)) return InvalidMemoryAccess;
      return mem().copyToPointerSize(root.status.message, msgPtrPtr, msgSizePtr) ? Ok : InvalidMemoryAccess;
    },

    proxy_get_property(pathPtr: number, pathSize: number, valuePtrPtr: number, valueSizePtr: number) {
      const path = mem().readBstr(pathPtr, pathSize);
      if (path === null) return InvalidMemoryAccess;
      const value = p.property(path.split("\0").filter((s, i, all) => s !== "" || i < all.length - 1), vm.context());
      if (value === undefined) return NotFound;
      return mem().copyToPointerSize(value, valuePtrPtr, valueSizePtr) ? Ok : InvalidMemoryAccess;
    },
    proxy_set_property(keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      const key = mem().readBstr(keyPtr, keySize);
      const value = mem().readBstr(valuePtr, valueSize);
      if (key === null || value === null) return InvalidMemoryAccess;
      const ctx = vm.context();
      if (ctx.kind !== "stream") return NotFound; // no stream info to hold filter state
      ctx.filterState.set(key, value);
      return Ok;
    },
    proxy_get_configuration(valuePtrPtr: number, valueSizePtr: number) {
      const root = vm.rootOf(vm.context());
      const value = root.tempPlugin ? p.pluginConfig() : p.vmConfig();
      return mem().copyToPointerSize(value, valuePtrPtr, valueSizePtr) ? Ok : InvalidMemoryAccess;
    },

    proxy_get_header_map_value(type: number, keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return BadArgument;
      const key = mem().readBstr(keyPtr, keySize);
      if (key === null) return InvalidMemoryAccess;
      const ctx = vm.context();
      const map = constMap(ctx, type);
      if (map === null) return ctx.kind === "stream" && ctx.accessLogPhase ? NotFound : BadArgument;
      const value = map.get(key);
      if (value === undefined) return NotFound;
      return mem().copyToPointerSize(value, valuePtrPtr, valueSizePtr) ? Ok : InvalidMemoryAccess;
    },
    proxy_get_header_map_pairs(type: number, ptrPtr: number, sizePtr: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return BadArgument;
      const pairs = constMap(vm.context(), type)?.pairs() ?? [];
      const bytes = pairs.length === 0 ? "" : serializePairs(pairs);
      return mem().copyToPointerSize(bytes, ptrPtr, sizePtr) ? Ok : InvalidMemoryAccess;
    },
    proxy_set_header_map_pairs(type: number, ptr: number, size: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return BadArgument;
      const pairs = readPairs(ptr, size);
      if (pairs === null) return InvalidMemoryAccess;
      const map = mutableMap(vm.context(), type);
      if (map === null) return BadArgument;
      map.replaceAll(pairs);
      return Ok;
    },
    proxy_get_header_map_size(type: number, sizePtr: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return BadArgument;
      const map = mutableMap(vm.context(), type);
      if (map === null) return BadArgument;
      return mem().setU32(sizePtr, map.byteSize()) ? Ok : InvalidMemoryAccess;
    },
    proxy_add_header_map_value(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      return editHeader(type, keyPtr, keySize, valuePtr, valueSize, (map, k, v) => map.add(k, v));
    },
    proxy_replace_header_map_value(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      return editHeader(type, keyPtr, keySize, valuePtr, valueSize, (map, k, v) => map.set(k, v));
    },
    proxy_remove_header_map_value(type: number, keyPtr: number, keySize: number) {
      return editHeader(type, keyPtr, keySize, 0, 0, (map, k) => map.remove(k));
    },

    proxy_get_buffer_status(type: number, lengthPtr: number, flagsPtr: number) {
      if (type >>> 0 > BUFFER_TYPE_MAX) return BadArgument;
      const buf = buffer(vm.context(), type);
      if (buf === null) return NotFound;
      if (!mem().setU32(lengthPtr, buf.data.length)) return InvalidMemoryAccess;
      return mem().setU32(flagsPtr, 0) ? Ok : InvalidMemoryAccess;
    },
    proxy_get_buffer_bytes(type: number, start: number, length: number, ptrPtr: number, sizePtr: number) {
      if (type >>> 0 > BUFFER_TYPE_MAX) return BadArgument;
      const buf = buffer(vm.context(), type);
      if (buf === null) return NotFound;
      start >>>= 0;
      length >>>= 0;
      if (start > buf.data.length) length = 0;
      else if (start + length > buf.data.length) length = buf.data.length - start;
      return mem().copyToPointerSize(buf.data.slice(start, start + length), ptrPtr, sizePtr) ? Ok : InvalidMemoryAccess;
    },
    proxy_set_buffer_bytes(type: number, start: number, length: number, dataPtr: number, dataSize: number) {
      if (type >>> 0 > BUFFER_TYPE_MAX) return BadArgument;
      const ctx = vm.context();
      const buf = buffer(ctx, type);
      if (buf === null) return NotFound;
      const data = mem().readBstr(dataPtr, dataSize);
      if (data === null) return InvalidMemoryAccess;
      if (!buf.mutable || ctx.kind !== "stream") return BadArgument;
      // Envoy's Buffer::copyFrom: prepend, replace all, or append; nothing in between.
      const old = buf.data;
      let next: string;
      if (start === 0 && length === 0) next = data + old;
      else if (start === 0 && length >>> 0 >= old.length) next = data;
      else if (start >>> 0 >= old.length) next = old + data;
      else return BadArgument;
      if (type === BufferType.HttpRequestBody) ctx.requestBody = next;
      else ctx.responseBody = next;
      return Ok;
    },

    proxy_send_local_response(code: number, detailsPtr: number, detailsSize: number, bodyPtr: number,
      bodySize: number, headersPtr: number, headersSize: number, grpcStatus: number) {
      const details = mem().readBstr(detailsPtr, detailsSize);
      const body = mem().readBstr(bodyPtr, bodySize);
      const headers = readPairs(headersPtr, headersSize);
      if (details === null || body === null || headers === null) return InvalidMemoryAccess;
      const ctx = vm.context();
      if (ctx.kind === "stream") {
        const reply = { status: code >>> 0, details, body, headers, grpcStatus, during: vm.currentCall };
        vm.defer(() => ctx.deliverLocalReply(reply));
      } else {
        vm.bug("local-response-without-stream", ctx.id, "send_local_response on a root context is ignored by Envoy");
      }
      vm.stopNextIteration();
      return Ok;
    },
    proxy_continue_stream: (type: number) => continueStream(type >>> 0),
    proxy_continue_request: () => continueStream(StreamType.Request),
    proxy_continue_response: () => continueStream(StreamType.Response),
    proxy_close_stream(type: number) {
      if (type >>> 0 > STREAM_TYPE_MAX) return BadArgument;
      const ctx = vm.context();
      if (ctx.kind === "stream" && type <= StreamType.Response) vm.defer(() => ctx.resetStream());
      return Ok;
    },
    proxy_clear_route_cache() {
      const ctx = vm.context();
      if (ctx.kind === "stream") ctx.routeCacheClears++;
      return Ok;
    },
    proxy_set_effective_context: (id: number) => (vm.setEffectiveContext(id >>> 0) ? Ok : BadArgument),

    ...createServiceImports(p),
  };

  function editHeader(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number,
    edit: (map: HeaderMap, key: string, value: string) => void): number {
    if (type >>> 0 > HEADER_MAP_TYPE_MAX) return BadArgument;
    const key = mem().readBstr(keyPtr, keySize);
    const value = mem().readBstr(valuePtr, valueSize);
    if (key === null || value === null) return InvalidMemoryAccess;
    const map = mutableMap(vm.context(), type);
    if (map === null) return BadArgument;
    edit(map, key, value);
    return Ok;
  }

  return env;
}
