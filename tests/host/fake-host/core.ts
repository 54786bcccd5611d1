// The VM side of the fake host: instantiation against Envoy's import surface, the context table,
// calls into the module with Envoy's current/effective-context rules, deferred "after VM call"
// actions, and trap bookkeeping. host.ts builds the test-facing API on top of this.
import {
  ABI_0_2_MARKERS, ALLOWED_DURING_START, LOG_LEVEL_NAMES, PROXY_HOST_FUNCTIONS, WASI_FUNCTIONS,
  WASI_MODULES, bstrToUtf8, type LogLevelName,
} from "./abi.ts";
import type { HeaderMap } from "./headers.ts";
import { GuestMemory } from "./memory.ts";
import { signatureProblems } from "./signatures.ts";

export interface LogEntry {
  level: number;
  levelName: LogLevelName | "invalid";
  message: string;
  source: "proxy_log" | "stdout" | "stderr";
  contextId: number;
  atMs: number;
}

export type BugKind =
  | "continue-after-local-response" // CVE-2022-29228 class: resuming a stream already answered
  | "second-local-response"
  | "local-response-after-continue" // the request already went upstream, then was answered
  | "continue-not-paused"
  | "local-response-without-stream" // Envoy silently ignores it on a root context
  | "continue-without-stream"
  | "malformed-pairs" // Envoy silently reads such a list as empty
  | "http-call-rejected";

export interface Bug { kind: BugKind; contextId: number; message: string; during: string }

export interface TrapInfo { message: string; call: string; contextId: number; error: unknown }

export interface HttpCallResponseData { headers: HeaderMap; body: string; trailers: HeaderMap }

/** A root context (kind "root") or the VM context 0 that runs _initialize (kind "vm"). */
export interface RootState {
  kind: "root" | "vm";
  id: number;
  status: { code: number; message: string };
  httpCallResponse: HttpCallResponseData | null;
  /** Envoy's temp_plugin_: the plugin configuration buffer is readable only while set. */
  tempPlugin: boolean;
  pendingDone: boolean;
}

/** What the host functions need from a stream; implemented by Stream (stream.ts). */
export interface StreamState {
  kind: "stream";
  id: number;
  root: RootState;
  requestMap: HeaderMap;
  /** Envoy's request_headers_ pointer: null once the filter continued past the headers. */
  requestAccessible: boolean;
  responseMap: HeaderMap | null;
  responseAccessible: boolean;
  requestBody: string | null;
  responseBody: string | null;
  accessLogPhase: boolean;
  filterState: Map<string, string>;
  routeCacheClears: number;
  /** Called as a deferred action, like Envoy's decoder_callbacks_->sendLocalReply. */
  deliverLocalReply(reply: PendingLocalReply): void;
  resumeDecoding(): void;
  resumeEncoding(): void;
  resetStream(): void;
}

export interface PendingLocalReply {
  status: number;
  details: string;
  body: string;
  headers: [string, string][];
  grpcStatus: number;
  during: string;
}

export type ContextState = RootState | StreamState;

export class RestrictedCallError extends Error {}
export class ProcExitError extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}

export class ImportError extends Error {}

function isTrap(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || e instanceof ProcExitError ||
    e instanceof RestrictedCallError || (e instanceof RangeError && /call stack/i.test(e.message));
}

export type ImportImpl = (...args: any[]) => number | void;

/**
 * Lists everything about the module that Envoy would refuse; empty when it would load. Import
 * types are checked too when the module's bytes are given.
 */
export function envoyLoadProblems(module: WebAssembly.Module, bytes?: Uint8Array): string[] {
  const problems: string[] = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    const ok = imp.kind === "function" &&
      ((imp.module === "env" && PROXY_HOST_FUNCTIONS.has(imp.name)) ||
        (WASI_MODULES.has(imp.module) && WASI_FUNCTIONS.has(imp.name)));
    if (!ok) problems.push(`imports ${imp.module}.${imp.name} (${imp.kind}), which Envoy does not provide`);
  }
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  if (!ABI_0_2_MARKERS.some((m) => exports.get(m) === "function")) {
    problems.push(`exports no proxy-wasm 0.2.x ABI marker (${ABI_0_2_MARKERS.join(", ")})`);
  }
  if (exports.get("memory") !== "memory") problems.push("does not export its memory as \"memory\"");
  if (bytes !== undefined) problems.push(...signatureProblems(bytes));
  if (exports.get("malloc") !== "function" && exports.get("proxy_on_memory_allocate") !== "function") {
    problems.push("exports neither malloc nor proxy_on_memory_allocate");
  }
  return problems;
}

export class VmCore {
  readonly contexts = new Map<number, ContextState>();
  readonly vmContext: RootState = {
    kind: "vm", id: 0, status: { code: 0, message: "" }, httpCallResponse: null, tempPlugin: false,
    pendingDone: false,
  };
  readonly logs: LogEntry[] = [];
  readonly bugs: Bug[] = [];
  /** How many times the module called each host function. */
  readonly importCounts = new Map<string, number>();
  /** Every host function this host implements, by import name (for ABI-level tests). */
  readonly importImpls = new Map<string, ImportImpl>();
  trapped: TrapInfo | null = null;
  memory!: GuestMemory;
  exports!: WebAssembly.Exports;

  private nextContextId = 1; // 0 is the VM context
  private currentId = 0;
  private effectiveId = 0;
  private callStack: string[] = [];
  private restricted = false;
  private stopIteration = false;
  private readonly afterActions: { action: () => void; during: string }[] = [];
  private drainingActions = false;
  private runningActionOf: string | null = null;
  /** When enabled, every host function call: name, arguments, result and the module call. */
  trace: { name: string; args: (number | bigint)[]; result: number | void; during: string; contextId: number }[] | null = null;

  constructor(
    private readonly nowMs: () => number,
    private readonly echoLevel: number,
  ) {
    this.contexts.set(0, this.vmContext);
  }

  /** Links the module against the given implementations, refusing anything Envoy lacks. */
  instantiate(module: WebAssembly.Module, env: Record<string, ImportImpl>, wasi: Record<string, ImportImpl>, bytes?: Uint8Array): void {
    const problems = envoyLoadProblems(module, bytes);
    if (problems.length > 0) {
      throw new ImportError(`Envoy would refuse this module:\n  ${problems.join("\n  ")}`);
    }
    for (const [name, impl] of [...Object.entries(env), ...Object.entries(wasi)]) this.importImpls.set(name, impl);
    const imports: Record<string, Record<string, ImportImpl>> = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      const impl = imp.module === "env" ? env[imp.name] : wasi[imp.name];
      if (impl === undefined) throw new ImportError(`fake host lacks ${imp.module}.${imp.name}`);
      const qualified = imp.module === "env" ? `env.${imp.name}` : imp.name;
      (imports[imp.module] ??= {})[imp.name] = (...args: any[]) => {
        this.importCounts.set(imp.name, (this.importCounts.get(imp.name) ?? 0) + 1);
        if (this.restricted && !ALLOWED_DURING_START.has(qualified)) {
          throw new RestrictedCallError(`restricted_callback: ${qualified} called during VM start`);
        }
        const result = impl(...args);
        this.trace?.push({ name: imp.name, args, result, during: this.currentCall, contextId: this.context().id });
        return result;
      };
    }
    const instance = new WebAssembly.Instance(module, imports);
    this.exports = instance.exports;
    const malloc = (instance.exports.malloc ?? instance.exports.proxy_on_memory_allocate) as (n: number) => number;
    this.memory = new GuestMemory(instance.exports.memory as WebAssembly.Memory, malloc);
  }

  allocContextId(): number {
    while (this.contexts.has(this.nextContextId)) this.nextContextId++;
    return this.nextContextId++;
  }

  /** contextOrEffectiveContext(): the effective context if set and still alive, else the caller. */
  context(): ContextState {
    if (this.effectiveId !== 0) {
      const eff = this.contexts.get(this.effectiveId);
      if (eff !== undefined) return eff;
    }
    return this.contexts.get(this.currentId) ?? this.vmContext;
  }

  rootOf(ctx: ContextState): RootState {
    return ctx.kind === "stream" ? ctx.root : ctx;
  }

  setEffectiveContext(id: number): boolean {
    if (!this.contexts.has(id)) return false;
    this.effectiveId = id;
    return true;
  }

  /** The module call running now, or the one whose deferred action is running. */
  get currentCall(): string {
    const top = this.callStack[this.callStack.length - 1];
    if (top !== undefined) return top;
    return this.runningActionOf === null ? "(host)" : `${this.runningActionOf} (deferred)`;
  }

  /** send_local_response marks the running hook's result as "stop" (stopNextIteration). */
  stopNextIteration(): void {
    this.stopIteration = true;
  }

  defer(action: () => void): void {
    this.afterActions.push({ action, during: this.currentCall });
  }

  bug(kind: BugKind, contextId: number, message: string): void {
    this.bugs.push({ kind, contextId, message, during: this.currentCall });
  }

  log(level: number, message: string, source: LogEntry["source"]): void {
    const levelName = LOG_LEVEL_NAMES[level] ?? "invalid";
    const entry = { level, levelName, message: bstrToUtf8(message), source, contextId: this.context().id, atMs: this.nowMs() };
    this.logs.push(entry);
    if (level >= this.echoLevel) process.stderr.write(`[wasm ${levelName}] ${entry.message}\n`);
  }

  /**
   * Calls an export with `contextId` as Envoy's current context. Returns undefined when the export
   * is missing, the VM is already dead (Envoy skips calls into a failed VM) or the call traps.
   */
  callIn(name: string, contextId: number, ...args: (number | bigint)[]): number | undefined {
    if (this.trapped !== null) return undefined;
    const fn = this.exports[name];
    if (typeof fn !== "function") return undefined;
    const saved = [this.currentId, this.effectiveId] as const;
    this.currentId = contextId;
    this.effectiveId = 0;
    this.callStack.push(name);
    try {
      const r = (fn as (...a: unknown[]) => unknown)(...args);
      return typeof r === "bigint" ? Number(r) : (r as number | undefined) ?? 0;
    } catch (e) {
      if (!isTrap(e)) throw e;
      this.trapped = { message: e instanceof Error ? e.message : String(e), call: name, contextId, error: e };
      return undefined;
    } finally {
      this.callStack.pop();
      [this.currentId, this.effectiveId] = saved;
    }
  }

  /**
   * One Envoy ContextBase::on* hook: the call, the result conversion while stopNextIteration is
   * still visible, then the deferred actions (local replies, continues) in order.
   */
  hook<T>(name: string, contextId: number, args: (number | bigint)[], convert: (raw: number | undefined, stopped: boolean) => T): T {
    const raw = this.callIn(name, contextId, ...args);
    const result = convert(raw, this.stopIteration);
    this.stopIteration = false;
    this.drainAfterActions();
    return result;
  }

  drainAfterActions(): void {
    if (this.drainingActions) return; // the outer loop picks up actions queued by nested hooks
    this.drainingActions = true;
    try {
      while (this.afterActions.length > 0) {
        const { action, during } = this.afterActions.shift()!;
        this.runningActionOf = during;
        action();
      }
    } finally {
      this.drainingActions = false;
      this.runningActionOf = null;
    }
  }

  /** Runs a host function as if the module called it while executing in `contextId` (ABI tests). */
  callHostFunction(contextId: number, name: string, args: (number | bigint)[]): number {
    const impl = this.importImpls.get(name);
    if (impl === undefined) throw new Error(`no host function ${name}`);
    const saved = [this.currentId, this.effectiveId] as const;
    this.currentId = contextId;
    this.effectiveId = 0;
    try {
      return impl(...args) as number;
    } finally {
      [this.currentId, this.effectiveId] = saved;
      this.drainAfterActions();
    }
  }

  /** Runs _initialize (then main or __main_void) or _start, with the start-time restrictions. */
  runStart(): void {
    this.restricted = true;
    try {
      if (typeof this.exports._initialize === "function") {
        this.callIn("_initialize", 0);
        if (typeof this.exports.main === "function") this.callIn("main", 0, 0, 0);
        else if (typeof this.exports.__main_void === "function") this.callIn("__main_void", 0);
      } else if (typeof this.exports._start === "function") {
        this.callIn("_start", 0);
      }
    } finally {
      this.restricted = false;
    }
  }
}
