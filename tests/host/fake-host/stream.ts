// One HTTP stream through the filter, driven the way Envoy's Wasm HTTP filter (Context::decodeHeaders,
// encodeHeaders, onDestroy, log) drives a proxy-wasm module, with the observations tests assert on.
import {
  FilterDataStatus, FilterHeadersStatus, bstrToBytes, bstrToUtf8, headerValue, headerValues,
  pairsFromBstr, pairsToBstr, toBstr, toPairs, type HeadersInit, type Pairs,
} from "./abi.ts";
import type { PendingLocalReply, RootState, StreamState, VmCore } from "./core.ts";
import { HeaderMap } from "./headers.ts";

export interface LocalResponse {
  status: number;
  /** Headers as the client receives them, after the filter's own response phase ran on them. */
  headers: Pairs;
  body: string;
  bodyBytes: Uint8Array;
  /** response_code_details (Envoy turns whitespace into "_"). */
  details: string;
  /** gRPC status, or null when the module passed a value outside 0..16 (e.g. -1: none). */
  grpcStatus: number | null;
  /** The module call that sent it, or "host" for Envoy's own fail-closed 503. */
  sentDuring: string;
  header(name: string): string | undefined;
}

export interface ResponsePhase {
  /** Raw value returned by proxy_on_response_headers (undefined if it trapped). */
  result: number | undefined;
  /** FilterHeadersStatus after Envoy's conversion. */
  status: number;
  /** Response headers after the filter's changes (what goes downstream unless answered locally). */
  headers: Pairs;
  header(name: string): string | undefined;
}

export interface StreamDriver {
  vm: VmCore;
  failOpen: boolean;
  localReplyThroughFilter: boolean;
  streamFinished(stream: Stream): void;
}

// Envoy: StopIteration from a 0.2.x headers callback means "stop everything"
// (allow_on_headers_stop_iteration is off by default), and so does any local reply.
function convertHeadersStatus(raw: number, stopped: boolean): number {
  if (stopped || raw > FilterHeadersStatus.StopAllIterationAndWatermark || raw === FilterHeadersStatus.StopIteration) {
    return FilterHeadersStatus.StopAllIterationAndWatermark;
  }
  return raw;
}

function convertDataStatus(raw: number, stopped: boolean): number {
  return stopped || raw > FilterDataStatus.StopIterationNoBuffer ? FilterDataStatus.StopIterationNoBuffer : raw;
}

const continues = (status: number) =>
  status === FilterHeadersStatus.Continue || status === FilterHeadersStatus.ContinueAndEndStream;

export class Stream implements StreamState {
  readonly kind = "stream";
  readonly requestMap: HeaderMap;
  requestAccessible = false;
  responseMap: HeaderMap | null = null;
  responseAccessible = false;
  requestBody: string | null = null;
  responseBody: string | null = null;
  accessLogPhase = false;
  readonly filterState = new Map<string, string>();
  routeCacheClears = 0;

  /** Raw value proxy_on_request_headers returned (undefined: trapped or never called). */
  result: number | undefined = undefined;
  /** FilterHeadersStatus after Envoy's conversion (what the filter chain acted on). */
  status: number = FilterHeadersStatus.Continue;
  /** True once the module resumed the paused request with continue_stream(Request). */
  continued = false;
  /** True once the request was released upstream (returned Continue, or resumed later). */
  forwarded = false;
  /** True while the request waits for the module (e.g. on an IdP call). */
  decodePaused = false;
  encodePaused = false;
  responseContinued = false;
  /** True when the module reset the stream with close_stream. */
  reset = false;
  /** True when Envoy answered 503 (or let the request through, fail-open) because the VM failed. */
  failedClosed = false;
  finished = false;
  /** Every local response, in order; more than one is also reported as a bug. */
  readonly localResponses: LocalResponse[] = [];
  /** The last response phase run with responseHeaders(). */
  response: ResponsePhase | null = null;
  private responseStarted = false;
  private expectsBody = false;
  private bufferingBody = false;

  constructor(
    private readonly driver: StreamDriver,
    readonly id: number,
    readonly root: RootState,
    headers: HeadersInit,
    encoding: "utf8" | "latin1" = "utf8",
  ) {
    const pairs = toPairs(headers);
    if (encoding === "latin1" && pairs.some(([k, v]) => /[^\x00-\xff]/.test(k + v))) {
      throw new Error("latin1 headers must only use chars 0-255 (one byte each)");
    }
    this.requestMap = new HeaderMap(encoding === "latin1" ? pairs : pairsToBstr(pairs));
  }

  private get vm(): VmCore {
    return this.driver.vm;
  }

  /** The first local response, or null: what the client got instead of the upstream response. */
  get localResponse(): LocalResponse | null {
    return this.localResponses[0] ?? null;
  }

  /** True while the request is neither forwarded nor answered (waiting on the module). */
  get paused(): boolean {
    return this.decodePaused && this.localResponses.length === 0 && !this.reset;
  }

  /** Request headers as they are now, i.e. as they go upstream once forwarded. */
  get requestHeaders(): Pairs {
    return pairsFromBstr(this.requestMap.pairs());
  }

  /** Request headers as exact bytes: one char per byte (latin1 byte strings). */
  get rawRequestHeaders(): Pairs {
    return this.requestMap.pairs();
  }

  requestHeader(name: string): string | undefined {
    return headerValue(this.requestHeaders, name);
  }

  requestHeaderValues(name: string): string[] {
    return headerValues(this.requestHeaders, name);
  }

  /** Envoy: onCreate, then decodeHeaders. Called by FakeHost.request. */
  begin(endOfStream: boolean): void {
    if (this.failIfVmDead()) return;
    this.vm.hook("proxy_on_context_create", this.id, [this.id, this.root.id], () => undefined);
    if (this.failIfVmDead()) return;
    this.expectsBody = !endOfStream;
    this.requestAccessible = true;
    this.status = this.vm.hook("proxy_on_request_headers", this.id,
      [this.id, this.requestMap.size, endOfStream ? 1 : 0], (raw, stopped) => {
        this.result = raw;
        return convertHeadersStatus(raw ?? 0, stopped);
      });
    if (this.failIfVmDead()) return;
    if (this.localResponses.length > 0) return;
    if (continues(this.status)) {
      this.requestAccessible = false;
      this.forwarded = true;
    } else {
      this.decodePaused = true;
    }
  }

  /**
   * A stream Envoy answered before this filter saw its headers (e.g. another filter's local reply):
   * Envoy still creates the context for the access log, so on_context_create, on_log, on_done and
   * on_delete run without on_request_headers.
   */
  logOnly(): void {
    if (this.vm.trapped === null) this.vm.hook("proxy_on_context_create", this.id, [this.id, this.root.id], () => undefined);
    this.finish();
  }

  /**
   * Envoy decodeData, for requests created with endOfStream false. The body buffer holds this chunk,
   * plus the earlier ones if the module answered StopIterationAndBuffer.
   */
  requestBodyChunk(data: string | Uint8Array, endOfStream = true): number {
    if (!this.expectsBody) throw new Error(`stream ${this.id} has no request body (ended with its headers, or already ended)`);
    this.expectsBody = !endOfStream;
    if (this.failIfVmDead()) return FilterDataStatus.StopIterationNoBuffer;
    this.requestBody = (this.bufferingBody ? this.requestBody ?? "" : "") + toBstr(data);
    const status = this.vm.hook("proxy_on_request_body", this.id, [this.id, this.requestBody.length, endOfStream ? 1 : 0],
      (raw, stopped) => convertDataStatus(raw ?? 0, stopped));
    this.bufferingBody = status === FilterDataStatus.StopIterationAndBuffer;
    return status;
  }

  /**
   * Envoy encodeHeaders for the upstream response (the request must have been forwarded). Returns
   * the status and the headers after the filter's changes.
   */
  responseHeaders(headers: HeadersInit, options: { endOfStream?: boolean } = {}): ResponsePhase {
    if (this.localResponses.length > 0) throw new Error(`stream ${this.id} was answered locally; no upstream response exists`);
    if (!this.forwarded) throw new Error(`stream ${this.id} never went upstream (paused or not started)`);
    this.responseStarted = true;
    this.responseMap = new HeaderMap(pairsToBstr(toPairs(headers)));
    const phase = this.encodeHeaders(options.endOfStream ?? false);
    this.response = phase;
    return phase;
  }

  private encodeHeaders(endOfStream: boolean): ResponsePhase {
    const map = this.responseMap!;
    const deadStatus = this.driver.failOpen ? FilterHeadersStatus.Continue : FilterHeadersStatus.StopAllIterationAndWatermark;
    let result: number | undefined;
    let status: number = deadStatus;
    if (!this.failIfVmDead()) {
      this.responseAccessible = true;
      status = this.vm.hook("proxy_on_response_headers", this.id, [this.id, map.size, endOfStream ? 1 : 0],
        (raw, stopped) => {
          result = raw;
          return convertHeadersStatus(raw ?? 0, stopped);
        });
      if (this.failIfVmDead()) status = deadStatus;
      else if (continues(status)) this.responseAccessible = false;
      else this.encodePaused = true;
    }
    const headers = pairsFromBstr(map.pairs());
    return { result, status, headers, header: (name) => headerValue(headers, name) };
  }

  /** Envoy: access log (onLog), then onDestroy (onDone, onDelete); the context is then gone. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.accessLogPhase = true;
    this.vm.hook("proxy_on_log", this.id, [this.id], () => undefined);
    this.accessLogPhase = false;
    this.vm.hook("proxy_on_done", this.id, [this.id], () => undefined);
    this.vm.hook("proxy_on_delete", this.id, [this.id], () => undefined);
    this.driver.streamFinished(this);
  }

  // ---- deferred actions queued by host functions (StreamState) ----

  deliverLocalReply(reply: PendingLocalReply): void {
    if (this.localResponses.length > 0) {
      this.vm.bug("second-local-response", this.id, `second local response (${reply.status}) for one stream; Envoy resets it`);
      this.reset = true;
      return;
    }
    if (this.forwarded && !this.responseStarted) {
      this.vm.bug("local-response-after-continue", this.id,
        `local response ${reply.status} after the request was already forwarded upstream`);
    }
    const map = new HeaderMap([[":status", String(reply.status)]]);
    for (const [k, v] of reply.headers) map.add(k, v);
    if (reply.body.length > 0) {
      map.set("content-length", String(reply.body.length));
      if (map.get("content-type") === undefined) map.add("content-type", "text/plain");
    }
    this.decodePaused = false;
    this.requestAccessible = false;
    const grpc = reply.grpcStatus >= 0 && reply.grpcStatus <= 16 ? reply.grpcStatus : null;
    this.recordLocal(reply.status, map, reply.body, reply.details.replace(/\s/g, "_"), grpc, reply.during);
    // Before the upstream response started, Envoy encodes a local reply through the encoder
    // filters, this one included; once it started, the reply goes straight to the client.
    if (this.driver.localReplyThroughFilter && !this.responseStarted && this.vm.trapped === null) {
      this.responseMap = map;
      this.encodeHeaders(reply.body.length === 0);
      if (reply.body.length > 0 && this.vm.trapped === null) {
        this.responseBody = reply.body;
        this.vm.hook("proxy_on_response_body", this.id, [this.id, reply.body.length, 1], () => undefined);
      }
      const local = this.localResponses[0];
      const headers = pairsFromBstr(map.pairs());
      const body = this.responseBody ?? reply.body;
      Object.assign(local, { headers, body: bstrToUtf8(body), bodyBytes: bstrToBytes(body) });
    }
  }

  resumeDecoding(): void {
    if (this.localResponses.length > 0) {
      this.vm.bug("continue-after-local-response", this.id,
        `continue_stream(Request) after local response ${this.localResponses[0].status} (CVE-2022-29228 class)`);
      return;
    }
    if (!this.decodePaused) {
      this.vm.bug("continue-not-paused", this.id, "continue_stream(Request) on a request that is not paused");
      return;
    }
    this.decodePaused = false;
    this.continued = true;
    this.forwarded = true;
  }

  resumeEncoding(): void {
    if (!this.encodePaused) {
      this.vm.bug("continue-not-paused", this.id, "continue_stream(Response) on a response that is not paused");
      return;
    }
    this.encodePaused = false;
    this.responseContinued = true;
    this.responseAccessible = false;
  }

  resetStream(): void {
    this.reset = true;
    this.decodePaused = false;
  }

  // ---- helpers ----

  private recordLocal(status: number, map: HeaderMap, body: string, details: string, grpcStatus: number | null, during: string): void {
    const headers = pairsFromBstr(map.pairs());
    this.localResponses.push({
      status, headers, body: bstrToUtf8(body), bodyBytes: bstrToBytes(body), details, grpcStatus, sentDuring: during,
      header(name) {
        return headerValue(this.headers, name);
      },
    });
  }

  /**
   * Envoy's CHECK_FAIL_HTTP: once the VM has failed, fail-closed plugins answer 503
   * (wasm_fail_stream) without entering the VM; fail-open ones let the request through.
   */
  private failIfVmDead(): boolean {
    if (this.vm.trapped === null) return false;
    if (this.failedClosed) return true;
    this.failedClosed = true;
    this.decodePaused = false;
    this.requestAccessible = false;
    this.responseAccessible = false;
    if (this.driver.failOpen) {
      this.forwarded = true;
      this.status = FilterHeadersStatus.Continue;
    } else if (this.localResponses.length === 0) {
      this.status = FilterHeadersStatus.StopAllIterationAndWatermark;
      this.recordLocal(503, new HeaderMap([[":status", "503"]]), "", "wasm_fail_stream", 14, "host");
    }
    return true;
  }
}
