/**
 * Fake proxy-wasm host: runs the BUILT filter (build/oidc-sso.wasm) in Node's V8 and drives it
 * through proxy-wasm ABI 0.2.x the way Envoy (proxy-wasm-cpp-host + Envoy's Wasm filter) does, with
 * a fake clock, seeded randomness and scripted answers to the filter's HTTP calls.
 *
 *   import { FakeHost } from "./fake-host/host.ts";     // from a file in tests/host/
 *   const host = await FakeHost.load("build/oidc-sso.wasm", { rootId: "oidc-sso",
 *     pluginConfig: JSON.stringify(cfg), nowMs: 1_700_000_000_000, seed: 1, clusters: ["idp"] });
 *   host.start();                      // context_create(root, 0), vm_start, configure -> boolean
 *   const s = host.request({ ":method": "GET", ":path": "/app", ":authority": "app.example.com",
 *     ":scheme": "http", cookie: ["a=1", "b=2"] });   // or [[name, value], ...] for repeats/order
 *   s.result / s.status                // raw return of on_request_headers / as Envoy converts it
 *   s.forwarded, s.paused, s.continued // went upstream / waits on the module / resumed later
 *   s.localResponse                    // {status, headers, body, details, grpcStatus, header(n)}
 *   s.requestHeaders, s.requestHeader("authorization")  // as they go upstream
 *   const [call] = host.pendingCalls(); // {token, cluster, method, path, authority, headers, body, timeoutMs}
 *   host.respond(call.token, { status: 200, json: {...} }); // also fail(), timeout(), connectFailure()
 *   const r = s.responseHeaders({ ":status": "200" }); // response phase: r.status, r.headers
 *   host.advance(60_000);              // clock moves; due ticks and call timeouts fire in order
 *   s.finish();                        // on_log, on_done, on_delete (Envoy's order)
 *   host.assertAlive(); host.assertNoBugs(); host.hungStreams();
 *   host.logText(), host.logs, host.randomBytes, host.memoryBytes, host.metric(name), host.sharedData
 *
 * What is mirrored from Envoy, and where:
 * - core.ts: the module is refused (ImportError) if it imports anything Envoy lacks; _initialize
 *   (then main/__main_void) or _start runs with only logging, clock, random and WASI basics allowed;
 *   calls into the module reset the effective context; a trap (RuntimeError, proc_exit, stack
 *   exhaustion, restricted call) kills the VM for good.
 * - env.ts: header maps exist only while Envoy holds them (request headers vanish once a request
 *   continued; response headers only in the response phase; both read-only in on_log); results
 *   are Envoy's (missing header NotFound, absent map BadArgument, bad pointer InvalidMemoryAccess);
 *   send_local_response and continue_stream take effect after the module call returns.
 * - stream.ts: StopIteration becomes StopAllIterationAndWatermark; a local reply goes through this
 *   filter's own response phase; after a trap requests get a 503 (or pass, with failOpen).
 * - env-services.ts / answers.ts: http_call needs a known cluster plus :method, :path and
 *   :authority and belongs to the root context; answers arrive on proxy_on_http_call_response.
 * Misuse Envoy tolerates silently (continue after a local reply, two local replies, replies or
 * continues on a root context, unparseable header lists) is collected in host.bugs.
 */
import { readFileSync } from "node:fs";
import { LOG_LEVEL_NAMES, toBstr, type HeadersInit, type LogLevelName } from "./abi.ts";
import { answerCall, connectFailCall, failCall, nextCallTimeout, timeOutCall } from "./answers.ts";
import { FakeClock } from "./clock.ts";
import { VmCore, envoyLoadProblems, type RootState } from "./core.ts";
import { createEnvImports } from "./env.ts";
import type { FakeHostOptions, HttpCallAnswer } from "./options.ts";
import { resolveProperty } from "./properties.ts";
import { HttpCalls, Metrics, SharedData, SharedQueues, type HttpCallRecord, type MetricRecord } from "./services.ts";
import { Stream, type StreamDriver } from "./stream.ts";
import { createWasiImports, makeRandom } from "./wasi.ts";
import { HostObservations } from "./observations.ts";

export { FilterHeadersStatus, FilterDataStatus, WasmResult, HeaderMapType, BufferType, headerValue, headerValues, serializePairs, deserializePairs } from "./abi.ts";
export type { Pairs, HeadersInit } from "./abi.ts";
export type { Bug, LogEntry, TrapInfo } from "./core.ts";
export { ImportError } from "./core.ts";
export type { PropertyTable, PropertyValue } from "./properties.ts";
export type { HttpCallRecord, MetricRecord } from "./services.ts";
export type { LocalResponse, ResponsePhase } from "./stream.ts";
export { Stream } from "./stream.ts";
export type { FakeHostOptions, HttpCallAnswer } from "./options.ts";

function wasmBytes(wasm: string | Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  return typeof wasm === "string" ? new Uint8Array(readFileSync(wasm)) : new Uint8Array(wasm);
}

export class FakeHost extends HostObservations implements StreamDriver {
  readonly vm: VmCore;
  readonly http = new HttpCalls();
  readonly metrics = new Metrics();
  readonly sharedData = new SharedData();
  readonly queues = new SharedQueues();
  /** Random bytes handed to the module, one entry per random_get (if recordRandom). */
  readonly randomBytes: Uint8Array[] = [];
  readonly streams: Stream[] = [];
  readonly failOpen: boolean;
  readonly localReplyThroughFilter: boolean;
  readonly rootId: string;
  root: RootState | null = null;
  vmStartResult: boolean | null = null;
  configureResult: boolean | null = null;

  readonly clock: FakeClock;
  private pluginConfig: string;
  private readonly vmConfig: string;

  /** Compiles and instantiates the module (ImportError if Envoy would refuse it), runs _initialize. */
  static async load(wasm: string | Uint8Array | ArrayBuffer, options: FakeHostOptions = {}): Promise<FakeHost> {
    const bytes = wasmBytes(wasm);
    return new FakeHost(await WebAssembly.compile(bytes), options, bytes);
  }

  /** What Envoy would refuse about a module (imports it does not provide, missing exports). */
  static loadProblems(wasm: string | Uint8Array | ArrayBuffer): string[] {
    const bytes = wasmBytes(wasm);
    return envoyLoadProblems(new WebAssembly.Module(bytes), bytes);
  }

  /** For a precompiled module; pass its bytes too so that import types get checked. */
  constructor(module: WebAssembly.Module, options: FakeHostOptions = {}, bytes?: Uint8Array) {
    super();
    this.rootId = options.rootId ?? "oidc-sso";
    this.clock = new FakeClock(options.nowMs ?? 1_700_000_000_000);
    this.pluginConfig = toBstr(options.pluginConfig);
    this.vmConfig = toBstr(options.vmConfig);
    this.failOpen = options.failOpen ?? false;
    this.localReplyThroughFilter = options.localReplyThroughFilter ?? true;
    const echo = options.echoLogs ?? (process.env.FAKE_HOST_LOGS as LogLevelName | undefined);
    this.vm = new VmCore(() => this.nowMs, echo === undefined ? Infinity : LOG_LEVEL_NAMES.indexOf(echo));
    const random = makeRandom(options.seed ?? 1, options.recordRandom ?? true ? this.randomBytes : null);
    const wasi = createWasiImports({
      vm: this.vm, random, env: Object.entries(options.env ?? {}),
      realtimeNs: () => this.clock.realtimeNs, monotonicNs: () => this.clock.monotonicNs,
    });
    const plugin = { rootId: this.rootId, pluginName: options.pluginName ?? this.rootId, vmId: options.vmId ?? "" };
    const env = createEnvImports({
      vm: this.vm, vmId: options.vmId ?? "", clusters: new Set(options.clusters ?? []),
      pluginConfig: () => this.pluginConfig, vmConfig: () => this.vmConfig,
      logLevel: LOG_LEVEL_NAMES.indexOf(options.logLevel ?? "info"),
      realtimeNs: () => this.clock.realtimeNs, nowMs: () => this.nowMs,
      property: (path, ctx) => resolveProperty(path, ctx, plugin, options.properties),
      http: this.http, metrics: this.metrics, sharedData: this.sharedData, queues: this.queues,
      setTickPeriod: (root, ms) => this.clock.setTickPeriod(root.id, ms),
      queueReady: (rootId, token) => this.vm.hook("proxy_on_queue_ready", rootId, [rootId, token], () => undefined),
      finishRootDone: (root) => this.vm.defer(() => this.deleteRoot(root)),
    });
    if (options.trace) this.vm.trace = [];
    this.vm.instantiate(module, env, wasi, bytes);
    this.vm.runStart();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates the root context and runs proxy_on_context_create(root, 0), proxy_on_vm_start and
   * proxy_on_configure, as Envoy does when it loads the plugin. True when both succeeded; Envoy
   * refuses the plugin otherwise.
   */
  start(): boolean {
    if (this.root !== null) throw new Error("start() was already called");
    const id = this.vm.allocContextId();
    const root: RootState = { kind: "root", id, status: { code: 0, message: "" }, httpCallResponse: null, tempPlugin: false, pendingDone: false };
    this.root = root;
    this.vm.contexts.set(id, root);
    root.tempPlugin = true;
    this.vm.hook("proxy_on_context_create", id, [id, 0], () => undefined);
    root.tempPlugin = false;
    this.vmStartResult = this.boolHook("proxy_on_vm_start", id, this.vmConfig.length);
    this.configureResult = this.vmStartResult && this.configure();
    return this.vmStartResult && this.configureResult;
  }

  /** proxy_on_configure on the root context, optionally with a new plugin configuration. */
  configure(pluginConfig?: string | Uint8Array): boolean {
    const root = this.requireRoot();
    if (pluginConfig !== undefined) this.pluginConfig = toBstr(pluginConfig);
    root.tempPlugin = true;
    try {
      this.configureResult = this.boolHook("proxy_on_configure", root.id, this.pluginConfig.length);
    } finally {
      root.tempPlugin = false;
    }
    return this.configureResult;
  }

  /** True when the plugin started, configured and the VM has not failed. */
  get ready(): boolean {
    return this.vmStartResult === true && this.configureResult === true && this.vm.trapped === null;
  }

  /** Tears the root context down: proxy_on_done, then proxy_on_delete (now, or after proxy_done). */
  stop(): void {
    const root = this.requireRoot();
    const done = this.boolHook("proxy_on_done", root.id);
    if (done) this.deleteRoot(root);
    else root.pendingDone = true;
  }

  // ---------------------------------------------------------------- streams

  /**
   * A new HTTP stream: proxy_on_context_create(stream, root) then proxy_on_request_headers.
   * endOfStream defaults to true (no request body). With encoding "latin1" every char of a name or
   * value is one byte (0-255), for fuzzing with bytes that are not UTF-8.
   */
  request(headers: HeadersInit, options: { endOfStream?: boolean; encoding?: "utf8" | "latin1" } = {}): Stream {
    const root = this.requireRoot();
    if (!this.ready && this.vm.trapped === null) {
      throw new Error("the plugin did not start and configure successfully; Envoy would not run it (see host.logs)");
    }
    const stream = new Stream(this, this.vm.allocContextId(), root, headers, options.encoding ?? "utf8");
    this.vm.contexts.set(stream.id, stream);
    this.streams.push(stream);
    stream.begin(options.endOfStream ?? true);
    return stream;
  }

  /** A stream answered before the filter ran: only on_context_create, on_log, on_done, on_delete. */
  loggedOnly(headers: HeadersInit): Stream {
    const root = this.requireRoot();
    const stream = new Stream(this, this.vm.allocContextId(), root, headers);
    this.vm.contexts.set(stream.id, stream);
    this.streams.push(stream);
    stream.logOnly();
    return stream;
  }

  streamFinished(stream: Stream): void {
    this.vm.contexts.delete(stream.id);
  }

  /** Streams the module stopped and nothing can resume: paused, and no http call is pending. */
  hungStreams(): Stream[] {
    if (this.http.pending().length > 0) return [];
    return this.streams.filter((s) => s.paused && !s.finished);
  }

  /** finish() every stream not finished yet. */
  finishAll(): void {
    for (const s of this.streams) if (!s.finished) s.finish();
  }

  // ---------------------------------------------------------------- outgoing HTTP calls

  /** Every http_call Envoy accepted, answered or not. */
  get calls(): HttpCallRecord[] {
    return this.http.all;
  }

  pendingCalls(): HttpCallRecord[] {
    return this.http.pending();
  }

  /** Answers a pending call: proxy_on_http_call_response(root, token, headers, body size, trailers). */
  respond(token: number, answer: HttpCallAnswer): void {
    answerCall(this.vm, this.http, token, answer);
  }

  /**
   * The call is reset (connection reset, stream reset): Envoy calls back with 0 headers and 0 body
   * and proxy_get_status reports BrokenConnection "reset" during the callback.
   */
  fail(token: number): void {
    failCall(this.vm, this.http, token);
  }

  /** The call's timeout fired: Envoy's async client answers 504 "upstream request timeout". */
  timeout(token: number): void {
    timeOutCall(this.vm, this.http, token);
  }

  /** The cluster has no reachable host: Envoy's router answers 503 "upstream connect error ...". */
  connectFailure(token: number): void {
    connectFailCall(this.vm, this.http, token);
  }

  // ---------------------------------------------------------------- clock and timers

  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** Sets the wall clock (ticks and timeouts do not fire; the monotonic clock does not move). */
  setTime(ms: number): void {
    this.clock.setTime(ms);
  }

  /** Period the module asked for with set_tick_period_milliseconds (0: none). */
  get tickPeriodMs(): number {
    return this.root === null ? 0 : this.clock.tickPeriodMs(this.root.id);
  }

  /** Moves both clocks forward, firing due ticks (proxy_on_tick) and http call timeouts in order. */
  advance(ms: number): void {
    this.clock.advance(ms, {
      nextTimeout: (limitNs) => nextCallTimeout(this.http, limitNs),
      timeout: (token) => this.timeout(token),
      tick: (rootId) => this.vm.hook("proxy_on_tick", rootId, [rootId], () => undefined),
      vmFailed: () => this.vm.trapped !== null,
    });
  }

  metric(name: string): MetricRecord | undefined {
    return this.metrics.byName(name);
  }

  // ---------------------------------------------------------------- internals

  private requireRoot(): RootState {
    if (this.root === null) throw new Error("call host.start() first");
    return this.root;
  }

  // A missing export counts as success (Envoy's default); a trap as failure.
  private boolHook(name: string, id: number, ...args: number[]): boolean {
    if (typeof this.vm.exports[name] !== "function") return this.vm.trapped === null;
    return this.vm.hook(name, id, [id, ...args], (raw) => raw !== undefined && raw !== 0);
  }

  private deleteRoot(root: RootState): void {
    root.pendingDone = false;
    this.vm.hook("proxy_on_delete", root.id, [root.id], () => undefined);
    this.vm.contexts.delete(root.id);
    this.clock.removeTimer(root.id);
  }
}
