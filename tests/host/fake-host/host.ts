/**
 * Fake proxy-wasm host: runs the BUILT filter (build/oidc-sso.wasm) in Node's V8 and drives it
 * through the proxy-wasm ABI 0.2.x the way Envoy (proxy-wasm-cpp-host + Envoy's Wasm filter) does,
 * with a fake clock, deterministic randomness and scripted answers to the filter's HTTP calls.
 *
 * Usage (node:test, run with `node --import tsx --test ...`):
 *
 *   import { FakeHost } from "../host/fake-host/host.ts";
 *   const host = await FakeHost.load("build/oidc-sso.wasm", {
 *     rootId: "oidc-sso", pluginConfig: JSON.stringify(cfg), nowMs: 1_700_000_000_000, seed: 1,
 *     clusters: ["idp"],
 *   });
 *   assert.equal(host.start(), true);          // context create, vm_start, configure
 *   const s = host.request({ ":method": "GET", ":path": "/productpage", ":authority": "app.example.com",
 *                            ":scheme": "http", accept: "text/html" });
 *   s.status / s.result                        // FilterHeadersStatus (converted as Envoy does / raw)
 *   s.localResponse?.status, s.localResponse?.header("location")
 *   const [call] = host.pendingCalls();        // {token, cluster, method, path, authority, headers, body, timeoutMs}
 *   host.respond(call.token, { status: 200, json: { keys: [] } });  // or fail(token) / timeout(token)
 *   s.continued, s.forwarded, s.requestHeader("authorization")      // what goes upstream
 *   const r = s.responseHeaders({ ":status": "200" });              // response phase
 *   host.advance(60_000);                      // moves the clock; fires due ticks and call timeouts
 *   s.finish();                                // on_log, on_done, on_delete (Envoy's order)
 *   host.assertAlive(); host.assertNoBugs();   // no trap; no continue-after-local-response etc.
 *   assert.ok(!host.logText().includes(secret));
 *
 * Headers may be an object ({name: value | value[]}) or a list of [name, value] pairs (repeats).
 * Names are lowercased as Envoy's codecs do. Values are UTF-8 strings; the host keeps exact bytes.
 *
 * Envoy behaviour mirrored (see the file of each part): imports are checked against what Envoy
 * links (a module importing e.g. env.abort is refused with ImportError); during _initialize only
 * logging, clock, random and WASI basics are allowed (others trap); data goes to the module through
 * its own malloc; header maps exist only while Envoy holds them (request headers vanish once the
 * request was continued; response headers only in the response phase); a 0.2.x StopIteration is
 * turned into StopAllIterationAndWatermark; send_local_response stops the stream and the reply is
 * sent after the call returns, through this same filter's response phase; continue_stream acts
 * after the call returns; http_call needs a known cluster and :method, :path and :authority, and
 * belongs to the root context; a trap kills the VM and every later request gets Envoy's fail-closed
 * 503 (or passes, with failOpen). Host-level BUGs (continue after a local response, two local
 * responses, calls Envoy ignores) are collected in host.bugs.
 */
import { readFileSync } from "node:fs";
import { LOG_LEVEL_NAMES, toBstr, type HeadersInit, type LogLevelName } from "./abi.ts";
import { answerCall, failCall, timeOutCall } from "./answers.ts";
import { FakeClock } from "./clock.ts";
import { VmCore, envoyLoadProblems, type Bug, type LogEntry, type RootState, type TrapInfo } from "./core.ts";
import { createEnvImports } from "./env.ts";
import type { FakeHostOptions, HttpCallAnswer } from "./options.ts";
import { resolveProperty } from "./properties.ts";
import { HttpCalls, Metrics, SharedData, SharedQueues, type HttpCallRecord, type MetricRecord } from "./services.ts";
import { Stream, type StreamDriver } from "./stream.ts";
import { createWasiImports, makeRandom } from "./wasi.ts";

export { FilterHeadersStatus, FilterDataStatus, WasmResult, HeaderMapType, BufferType, headerValue, headerValues, serializePairs, deserializePairs } from "./abi.ts";
export type { Pairs, HeadersInit } from "./abi.ts";
export type { Bug, LogEntry, TrapInfo } from "./core.ts";
export { ImportError } from "./core.ts";
export type { PropertyTable, PropertyValue } from "./properties.ts";
export type { HttpCallRecord, MetricRecord } from "./services.ts";
export type { LocalResponse, ResponsePhase } from "./stream.ts";
export { Stream } from "./stream.ts";
export type { FakeHostOptions, HttpCallAnswer } from "./options.ts";

export class FakeHost implements StreamDriver {
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
  private readonly opts: FakeHostOptions;

  /** Compiles and instantiates the module (ImportError if Envoy would refuse it), runs _initialize. */
  static async load(wasm: string | BufferSource, options: FakeHostOptions = {}): Promise<FakeHost> {
    const bytes = typeof wasm === "string" ? readFileSync(wasm) : wasm;
    return new FakeHost(await WebAssembly.compile(bytes), options);
  }

  /** What Envoy would refuse about a module (imports it does not provide, missing exports). */
  static loadProblems(wasm: BufferSource): string[] {
    return envoyLoadProblems(new WebAssembly.Module(wasm));
  }

  constructor(module: WebAssembly.Module, options: FakeHostOptions = {}) {
    this.opts = options;
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
    this.vm.instantiate(module, env, wasi);
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
   * endOfStream defaults to true (no request body).
   */
  request(headers: HeadersInit, options: { endOfStream?: boolean } = {}): Stream {
    const root = this.requireRoot();
    if (!this.ready && this.vm.trapped === null) {
      throw new Error("the plugin did not start and configure successfully; Envoy would not run it (see host.logs)");
    }
    const stream = new Stream(this, this.vm.allocContextId(), root, headers);
    this.vm.contexts.set(stream.id, stream);
    this.streams.push(stream);
    stream.begin(options.endOfStream ?? true);
    return stream;
  }

  streamFinished(stream: Stream): void {
    this.vm.contexts.delete(stream.id);
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
    const target = this.clock.realtimeNs + this.clock.msToNs(ms);
    for (;;) {
      const tick = this.clock.nextTick(target);
      const call = this.nextTimeout(target);
      if (tick === null && call === null) break;
      if (call !== null && (tick === null || call.atNs < tick.atNs)) {
        this.clock.moveTo(call.atNs);
        this.timeout(call.token);
      } else {
        this.clock.moveTo(tick!.atNs);
        this.vm.hook("proxy_on_tick", tick!.rootId, [tick!.rootId], () => undefined);
        this.clock.rearm(tick!.rootId, tick!.atNs);
        if (this.vm.trapped !== null) this.clock.clearTimers(); // Envoy stops calling a failed VM
      }
    }
    this.clock.moveTo(target);
  }

  private nextTimeout(limitNs: bigint): { token: number; atNs: bigint } | null {
    let best: { token: number; atNs: bigint } | null = null;
    for (const call of this.http.pending()) {
      if (call.timeoutMs === 0) continue;
      const at = this.clock.msToNs(call.sentAtMs + call.timeoutMs);
      if (at <= limitNs && (best === null || at < best.atNs)) best = { token: call.token, atNs: at };
    }
    return best;
  }

  // ---------------------------------------------------------------- observations

  get logs(): LogEntry[] {
    return this.vm.logs;
  }

  /** Every log message (proxy_log and stdout/stderr), one per line: grep it for secrets. */
  logText(): string {
    return this.vm.logs.map((l) => l.message).join("\n");
  }

  logsAtLeast(level: LogLevelName): LogEntry[] {
    const min = LOG_LEVEL_NAMES.indexOf(level);
    return this.vm.logs.filter((l) => l.level >= min);
  }

  get bugs(): Bug[] {
    return this.vm.bugs;
  }

  assertNoBugs(): void {
    if (this.vm.bugs.length > 0) {
      throw new Error(`host detected ${this.vm.bugs.length} bug(s):\n  ${this.vm.bugs.map((b) => `${b.kind} (context ${b.contextId}, during ${b.during}): ${b.message}`).join("\n  ")}`);
    }
  }

  get trapped(): TrapInfo | null {
    return this.vm.trapped;
  }

  get alive(): boolean {
    return this.vm.trapped === null;
  }

  assertAlive(): void {
    const t = this.vm.trapped;
    if (t !== null) {
      const tail = this.logsAtLeast("error").slice(-3).map((l) => l.message).join(" | ");
      throw new Error(`VM trapped in ${t.call} (context ${t.contextId}): ${t.message}${tail ? ` — last errors: ${tail}` : ""}`);
    }
  }

  /** Linear memory size in bytes (grows only): compare across many requests to spot leaks. */
  get memoryBytes(): number {
    return this.vm.memory.byteLength;
  }

  metric(name: string): MetricRecord | undefined {
    return this.metrics.byName(name);
  }

  /** Low-level access for ABI tests: run a host function as if the module called it in `contextId`. */
  callHostFunction(contextId: number, name: string, ...args: (number | bigint)[]): number {
    const impl = this.vmImport(name);
    return this.vm.asContext(contextId, () => impl(...args));
  }

  /** Copies bytes into module memory through its malloc and returns the pointer. */
  allocate(data: string | Uint8Array): number {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const ptr = this.vm.memory.allocate(Math.max(bytes.length, 1));
    if (ptr === null) throw new Error("module malloc failed");
    this.vm.memory.write(ptr, bytes);
    return ptr;
  }

  // ---------------------------------------------------------------- internals

  private vmImport(name: string): (...args: (number | bigint)[]) => number {
    const fn = this.vm.importImpls.get(name);
    if (fn === undefined) throw new Error(`no host function ${name}`);
    return fn as (...args: (number | bigint)[]) => number;
  }

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
