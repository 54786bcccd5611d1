// The proxy_* host functions that are not about the current HTTP stream: outgoing HTTP calls,
// timers, metrics, shared data and queues, gRPC (absent here), foreign functions and proxy_done.
import { WasmResult, bstrToUtf8, deserializePairs, type Pairs } from "./abi.ts";
import type { ImportImpl, RootState, VmCore } from "./core.ts";
import { HttpCalls, type Metrics, type SharedData, type SharedQueues } from "./services.ts";

export interface ServiceEnvironment {
  vm: VmCore;
  vmId: string;
  clusters: ReadonlySet<string>;
  nowMs(): number;
  http: HttpCalls;
  metrics: Metrics;
  sharedData: SharedData;
  queues: SharedQueues;
  setTickPeriod(root: RootState, ms: number): void;
  queueReady(rootContextId: number, token: number): void;
  /** proxy_done from a root context whose proxy_on_done returned false. */
  finishRootDone(root: RootState): void;
}

const { Ok, NotFound, BadArgument, InvalidMemoryAccess, Unimplemented } = WasmResult;

export function createServiceImports(s: ServiceEnvironment): Record<string, ImportImpl> {
  const vm = s.vm;
  const mem = () => vm.memory;

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

  // Envoy's Context::httpCall, always on the root context of the calling (or effective) context.
  function httpCall(uriPtr: number, uriSize: number, headersPtr: number, headersSize: number,
    bodyPtr: number, bodySize: number, trailersPtr: number, trailersSize: number,
    timeoutMs: number, tokenPtr: number): number {
    const caller = vm.context();
    const root = vm.rootOf(caller);
    const cluster = mem().readBstr(uriPtr, uriSize);
    const body = mem().readBstr(bodyPtr, bodySize);
    const headers = readPairs(headersPtr, headersSize);
    const trailers = readPairs(trailersPtr, trailersSize);
    if (cluster === null || body === null || headers === null || trailers === null) return InvalidMemoryAccess;
    if (!mem().setU32(tokenPtr, 0)) return InvalidMemoryAccess;
    const described = HttpCalls.describe(headers);
    const reject = (reason: string) => {
      s.http.rejected.push({ cluster: bstrToUtf8(cluster), headers: described.headers, result: BadArgument, reason });
      return BadArgument;
    };
    if (timeoutMs < 0) return reject("timeout does not fit a signed int");
    if (!s.clusters.has(bstrToUtf8(cluster))) return reject(`unknown cluster "${bstrToUtf8(cluster)}"`);
    if (described.path === undefined || described.method === undefined || described.authority === undefined) {
      return reject("request lacks :path, :method or :authority");
    }
    const token = s.http.nextToken();
    const bodyBytes = Uint8Array.from(body, (c) => c.charCodeAt(0));
    s.http.all.push({
      token, cluster: bstrToUtf8(cluster), ...described, body: bstrToUtf8(body), bodyBytes,
      trailers: HttpCalls.describe(trailers).headers, timeoutMs: timeoutMs >>> 0, rootContextId: root.id,
      callerContextId: caller.id, sentAtMs: s.nowMs(), state: "pending",
    });
    mem().setU32(tokenPtr, token);
    return Ok;
  }

  return {
    proxy_http_call: httpCall,

    proxy_set_tick_period_milliseconds(ms: number) {
      s.setTickPeriod(vm.rootOf(vm.context()), ms >>> 0);
      return Ok;
    },

    proxy_define_metric(type: number, namePtr: number, nameSize: number, idPtr: number) {
      const name = mem().readBstr(namePtr, nameSize);
      if (name === null) return InvalidMemoryAccess;
      const id = s.metrics.define(type >>> 0, bstrToUtf8(name));
      if (id === null) return BadArgument;
      return mem().setU32(idPtr, id) ? Ok : InvalidMemoryAccess;
    },
    proxy_increment_metric: (id: number, offset: bigint) => s.metrics.increment(id >>> 0, BigInt(offset)),
    proxy_record_metric: (id: number, value: bigint) => s.metrics.record(id >>> 0, BigInt.asUintN(64, BigInt(value))),
    proxy_get_metric(id: number, resultPtr: number) {
      const { result, value } = s.metrics.get(id >>> 0);
      if (result !== Ok) return result;
      return mem().setU64(resultPtr, value) ? Ok : InvalidMemoryAccess;
    },

    proxy_get_shared_data(keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number, casPtr: number) {
      const key = mem().readBstr(keyPtr, keySize);
      if (key === null) return InvalidMemoryAccess;
      const entry = s.sharedData.get(key);
      if (entry === undefined) return NotFound;
      if (!mem().copyToPointerSize(entry.value, valuePtrPtr, valueSizePtr)) return InvalidMemoryAccess;
      return mem().setU32(casPtr, entry.cas) ? Ok : InvalidMemoryAccess;
    },
    proxy_set_shared_data(keyPtr: number, keySize: number, valuePtr: number, valueSize: number, cas: number) {
      const key = mem().readBstr(keyPtr, keySize);
      const value = mem().readBstr(valuePtr, valueSize);
      if (key === null || value === null) return InvalidMemoryAccess;
      return s.sharedData.set(key, value, cas >>> 0);
    },

    proxy_register_shared_queue(namePtr: number, nameSize: number, tokenPtr: number) {
      const name = mem().readBstr(namePtr, nameSize);
      if (name === null) return InvalidMemoryAccess;
      const token = s.queues.register(name, vm.rootOf(vm.context()).id);
      return mem().setU32(tokenPtr, token) ? Ok : InvalidMemoryAccess;
    },
    proxy_resolve_shared_queue(vmIdPtr: number, vmIdSize: number, namePtr: number, nameSize: number, tokenPtr: number) {
      const vmId = mem().readBstr(vmIdPtr, vmIdSize);
      const name = mem().readBstr(namePtr, nameSize);
      if (vmId === null || name === null) return InvalidMemoryAccess;
      const token = vmId === "" || bstrToUtf8(vmId) === s.vmId ? s.queues.resolve(name) : undefined;
      if (token === undefined) return NotFound;
      return mem().setU32(tokenPtr, token) ? Ok : InvalidMemoryAccess;
    },
    proxy_dequeue_shared_queue(token: number, dataPtrPtr: number, dataSizePtr: number) {
      const { result, data } = s.queues.dequeue(token >>> 0);
      if (result !== Ok) return result;
      return mem().copyToPointerSize(data!, dataPtrPtr, dataSizePtr) ? Ok : InvalidMemoryAccess;
    },
    proxy_enqueue_shared_queue(token: number, dataPtr: number, dataSize: number) {
      const data = mem().readBstr(dataPtr, dataSize);
      if (data === null) return InvalidMemoryAccess;
      const { result, rootContextId } = s.queues.enqueue(token >>> 0, data);
      // Envoy posts onQueueReady to the owning VM's dispatcher: it runs after the current call.
      if (result === Ok) vm.defer(() => s.queueReady(rootContextId!, token >>> 0));
      return result;
    },

    // No gRPC services exist in this fake host.
    proxy_grpc_call: () => Unimplemented,
    proxy_grpc_stream: () => Unimplemented,
    proxy_grpc_cancel: () => Unimplemented,
    proxy_grpc_close: () => Unimplemented,
    proxy_grpc_send: () => Unimplemented,

    proxy_call_foreign_function(namePtr: number, nameSize: number, argsPtr: number, argsSize: number) {
      if (mem().read(namePtr, nameSize) === null || mem().read(argsPtr, argsSize) === null) return InvalidMemoryAccess;
      return NotFound; // no foreign functions are registered
    },

    proxy_done() {
      const root = vm.rootOf(vm.context());
      if (!root.pendingDone) return NotFound;
      s.finishRootDone(root);
      return Ok;
    },
  };
}
