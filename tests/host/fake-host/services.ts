// Host-wide state behind the non-HTTP-stream host functions: outgoing HTTP calls, metrics, shared
// data and shared queues, with the ids and result codes Envoy uses.
import { MetricType, WasmResult, asciiLower, pairsFromBstr, type Pairs } from "./abi.ts";

export type HttpCallState = "pending" | "answered" | "failed" | "timed-out";

/** One proxy_http_call the module made and Envoy accepted. */
export interface HttpCallRecord {
  token: number;
  cluster: string;
  /**
   * Request headers as Envoy builds the message (names lowercased), UTF-8 decoded. Envoy also adds
   * content-length when the body is not empty; that header is not listed here.
   */
  headers: Pairs;
  method: string | undefined;
  path: string | undefined;
  authority: string | undefined;
  scheme: string | undefined;
  body: string;
  bodyBytes: Uint8Array;
  trailers: Pairs;
  /** 0 means no timeout (Envoy then waits forever). */
  timeoutMs: number;
  /** Root context that owns the call (Envoy attaches every call to the root context). */
  rootContextId: number;
  /** Context that was effective when the call was made (the stream, for proxy-runtime). */
  callerContextId: number;
  sentAtMs: number;
  state: HttpCallState;
}

/** A proxy_http_call Envoy refused, kept for diagnostics. */
export interface RejectedHttpCall { cluster: string; headers: Pairs; result: number; reason: string }

// Envoy numbers callouts and metrics by type in the two low bits, stepping by 4.
const ID_STEP = 4;

export class HttpCalls {
  readonly all: HttpCallRecord[] = [];
  readonly rejected: RejectedHttpCall[] = [];
  private lastToken = 0; // CalloutType::HttpCall = 0

  nextToken(): number {
    this.lastToken += ID_STEP;
    return this.lastToken;
  }

  get(token: number): HttpCallRecord | undefined {
    return this.all.find((c) => c.token === token);
  }

  pending(): HttpCallRecord[] {
    return this.all.filter((c) => c.state === "pending");
  }

  static describe(headersBstr: Pairs): Pick<HttpCallRecord, "headers" | "method" | "path" | "authority" | "scheme"> {
    const headers = pairsFromBstr(headersBstr.map(([k, v]) => [asciiLower(k), v]));
    const first = (name: string) => headers.find(([k]) => k === name)?.[1];
    return { headers, method: first(":method"), path: first(":path"), authority: first(":authority"), scheme: first(":scheme") };
  }
}

export interface MetricRecord { id: number; type: number; name: string; value: bigint; samples: bigint[] }

export class Metrics {
  readonly byId = new Map<number, MetricRecord>();
  private last = [MetricType.Counter, MetricType.Gauge, MetricType.Histogram];

  define(type: number, name: string): number | null {
    if (type > MetricType.Histogram) return null;
    this.last[type] += ID_STEP;
    const id = this.last[type];
    this.byId.set(id, { id, type, name, value: 0n, samples: [] });
    return id;
  }

  /** By name, for assertions (the last definition wins when a name was defined twice). */
  byName(name: string): MetricRecord | undefined {
    return [...this.byId.values()].reverse().find((m) => m.name === name);
  }

  increment(id: number, offset: bigint): number {
    const m = this.byId.get(id);
    const type = id & 3;
    if (type === MetricType.Counter) {
      if (m === undefined) return WasmResult.NotFound;
      if (offset <= 0n) return WasmResult.BadArgument;
      m.value += offset;
      return WasmResult.Ok;
    }
    if (type === MetricType.Gauge) {
      if (m === undefined) return WasmResult.NotFound;
      m.value += offset;
      return WasmResult.Ok;
    }
    return WasmResult.BadArgument;
  }

  record(id: number, value: bigint): number {
    const m = this.byId.get(id);
    if (m === undefined) return WasmResult.NotFound;
    if (m.type === MetricType.Counter) m.value += value;
    else if (m.type === MetricType.Gauge) m.value = value;
    else m.samples.push(value);
    return WasmResult.Ok;
  }

  get(id: number): { result: number; value: bigint } {
    const type = id & 3;
    if (type === MetricType.Histogram || type === 3) return { result: WasmResult.BadArgument, value: 0n };
    const m = this.byId.get(id);
    return m === undefined ? { result: WasmResult.NotFound, value: 0n } : { result: WasmResult.Ok, value: m.value };
  }
}

/** Envoy's process-wide shared data for one vm_id, with compare-and-swap versions. */
export class SharedData {
  readonly entries = new Map<string, { value: string; cas: number }>();
  /** Every successful write, in order: key and value as byte strings. */
  readonly writes: { key: string; value: string }[] = [];
  private lastCas = 0;

  get(key: string): { value: string; cas: number } | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: string, cas: number): number {
    const existing = this.entries.get(key);
    if (existing !== undefined && cas !== 0 && cas !== existing.cas) return WasmResult.CasMismatch;
    this.lastCas = this.lastCas === 0xffffffff ? 1 : this.lastCas + 1;
    this.entries.set(key, { value, cas: this.lastCas });
    this.writes.push({ key, value });
    return WasmResult.Ok;
  }
}

export class SharedQueues {
  private readonly queues = new Map<number, { name: string; rootContextId: number; items: string[] }>();
  private lastToken = 0;

  register(name: string, rootContextId: number): number {
    for (const [token, q] of this.queues) {
      if (q.name === name) {
        q.rootContextId = rootContextId;
        return token;
      }
    }
    const token = ++this.lastToken;
    this.queues.set(token, { name, rootContextId, items: [] });
    return token;
  }

  resolve(name: string): number | undefined {
    for (const [token, q] of this.queues) if (q.name === name) return token;
    return undefined;
  }

  enqueue(token: number, data: string): { result: number; rootContextId?: number } {
    const q = this.queues.get(token);
    if (q === undefined) return { result: WasmResult.NotFound };
    q.items.push(data);
    return { result: WasmResult.Ok, rootContextId: q.rootContextId };
  }

  dequeue(token: number): { result: number; data?: string } {
    const q = this.queues.get(token);
    if (q === undefined) return { result: WasmResult.NotFound };
    const data = q.items.shift();
    return data === undefined ? { result: WasmResult.Empty } : { result: WasmResult.Ok, data };
  }
}
