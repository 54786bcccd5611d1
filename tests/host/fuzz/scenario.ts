// What one fuzz input is: a short list of steps (requests, answers to the filter's IdP calls,
// reconfiguration, clock moves) that a generator emits and this file executes against a FakeHost.
// A scenario is plain JSON (byte strings as latin1 text), so a crasher is saved as is and replayed
// later on a fresh host brought to the same canonical state ("IdP ready" with the fuzz world).
import { FakeHost, type HttpCallRecord, type Stream } from "../fake-host/host.ts";
import { config as baseConfig, discoveryDoc, GATEWAY, IDP_CLUSTER, ISSUER, T0_MS } from "../flow/scripted-idp.ts";
import { fuzzJwks, SIGNING_ALGS } from "./keys.ts";

export type CallKind = "discovery" | "jwks" | "token" | "any";
export type Pairs = [string, string][];

export type Step =
  /** A downstream request; header names and values are byte strings. */
  | { op: "request"; headers: Pairs }
  /** Answer the oldest pending call of that kind (skipped when none is pending). */
  | { op: "respond"; to: CallKind; status: number | string; headers?: Pairs; body: string }
  | { op: "fail" | "timeout" | "connectFailure"; to: CallKind }
  | { op: "configure"; config: string }
  /** Wall clock jump (no ticks), as an absolute time; never moves the clock backwards. */
  | { op: "setTime"; ms: number }
  /** Both clocks forward, firing ticks and call timeouts. */
  | { op: "advance"; ms: number }
  /** Every open stream ends now (the client went away), even one still waiting for a call. */
  | { op: "finish" }
  /** A stream Envoy answered before this filter saw it: context created, logged, deleted. */
  | { op: "loggedOnly"; headers: Pairs };

export interface Scenario { surface: string; steps: Step[] }

export const WASM_DEFAULT = new URL("../../../build/oidc-sso.wasm", import.meta.url).pathname;
export const AUTHORITY = new URL(GATEWAY).host;
export { ISSUER, T0_MS, IDP_CLUSTER };

/** The fuzz world's configuration: every algorithm the IdP signs with, sign-out targets, an idle limit. */
export function fuzzConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return baseConfig({
    allowed_algs: SIGNING_ALGS,
    cookie_expire: "8h",
    cookie_refresh: "1h",
    cookie_idle_timeout: "2h",
    pass_access_token: true,
    post_logout_redirect_url: `${GATEWAY}/bye`,
    allowed_redirect_origins: [GATEWAY, "https://other.example.test"],
    match: { mode: "auth_if_matched", rules: [{ path: "/productpage", type: "exact" }, { path: "/app", type: "prefix" }, { path: "/admin", type: "prefix" }] },
    ...overrides,
  });
}

export const BASE_CONFIG_TEXT = JSON.stringify(fuzzConfig());
export const BASE_DISCOVERY = discoveryDoc();
export const BASE_JWKS = fuzzJwks();

const WELL_KNOWN = "/.well-known/openid-configuration";

function kindOf(c: HttpCallRecord): CallKind {
  if (c.method === "POST") return "token";
  if ((c.path ?? "").endsWith(WELL_KNOWN)) return "discovery";
  return "jwks";
}

export function pendingOf(host: FakeHost, kind: CallKind): HttpCallRecord | undefined {
  return host.pendingCalls().find((c) => kind === "any" || kindOf(c) === kind);
}

/** Brings the provider to "ready": answers pending discovery and JWKS calls with the fuzz world's documents. */
export function answerProvider(host: FakeHost, discovery: unknown = BASE_DISCOVERY, jwks: unknown = BASE_JWKS): void {
  for (let round = 0; round < 4 && host.alive; round++) {
    const d = pendingOf(host, "discovery");
    if (d !== undefined) { host.respond(d.token, { status: 200, json: discovery }); continue; }
    const j = pendingOf(host, "jwks");
    if (j !== undefined) { host.respond(j.token, { status: 200, json: jwks }); continue; }
    break;
  }
}

/** A compiled module plus a fresh FakeHost in the canonical state: base config, IdP ready. */
export async function compileModule(wasm = process.env.FUZZ_WASM ?? WASM_DEFAULT): Promise<{ module: WebAssembly.Module; bytes: Uint8Array }> {
  const { readFileSync } = await import("node:fs");
  const bytes = new Uint8Array(readFileSync(wasm));
  return { module: await WebAssembly.compile(bytes), bytes };
}

export function freshHost(module: WebAssembly.Module, nowMs = T0_MS, configText = BASE_CONFIG_TEXT): FakeHost {
  const host = new FakeHost(module, { pluginConfig: configText, nowMs, clusters: [IDP_CLUSTER], recordRandom: false, seed: 7 });
  if (!host.start()) throw new Error(`the fuzz world's configuration was refused:\n${host.logText()}`);
  answerProvider(host);
  if (pendingOf(host, "any") !== undefined || !host.alive) throw new Error("the fresh host did not reach IdP ready");
  return host;
}

/** A byte string as is; a string with chars above 255 (a generator slip) as its UTF-8 bytes. */
function bytesOnly(s: string): string {
  return /[^\x00-\xff]/.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s;
}

export function latin1Bytes(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

/** Runs one step. Returns the stream a request step created, if any. */
export function runStep(host: FakeHost, step: Step): Stream | null {
  switch (step.op) {
    case "request":
      if (!host.ready) return null;
      return host.request(step.headers.map(([k, v]): [string, string] => [bytesOnly(k), bytesOnly(v)]), { encoding: "latin1" });
    case "respond": {
      const c = pendingOf(host, step.to);
      if (c !== undefined) {
        host.respond(c.token, { status: step.status as number, headers: step.headers?.map(([k, v]) => [Buffer.from(k, "latin1").toString("utf8"), Buffer.from(v, "latin1").toString("utf8")]) ?? [], body: latin1Bytes(bytesOnly(step.body)) });
      }
      return null;
    }
    case "fail": case "timeout": case "connectFailure": {
      const c = pendingOf(host, step.to);
      if (c !== undefined) host[step.op](c.token);
      return null;
    }
    case "configure":
      host.configure(latin1Bytes(bytesOnly(step.config)));
      return null;
    case "setTime":
      if (step.ms > host.nowMs) host.setTime(step.ms);
      return null;
    case "advance":
      host.advance(step.ms);
      return null;
    case "finish":
      for (const st of host.streams) if (!st.finished && host.alive) st.finish();
      return null;
    case "loggedOnly":
      if (!host.ready) return null;
      return host.loggedOnly(step.headers.map(([k, v]): [string, string] => [bytesOnly(k), bytesOnly(v)]));
  }
}

export interface RunOutcome {
  /** The streams the scenario's requests created (finished by now). */
  streams: Stream[];
  /** Set when the VM trapped. */
  trap: string | null;
  /** Host-detected misuse (continue after local reply, ...) and streams left hanging. */
  bugs: string[];
}

/**
 * Runs a scenario, then the fixed epilogue every scenario gets: calls still pending are reset
 * (oldest first, repeatedly, since an answer may start another call), forwarded streams get an
 * upstream 200 through the response phase, every stream finishes. Bookkeeping the host keeps
 * forever (logs, finished calls and streams) is dropped so that long batches stay fast.
 */
export function runScenario(host: FakeHost, sc: Scenario): RunOutcome {
  const streams: Stream[] = [];
  const bugs: string[] = [];
  for (const step of sc.steps) {
    if (!host.alive) break;
    const s = runStep(host, step);
    if (s !== null) streams.push(s);
  }
  for (let round = 0; round < 8 && host.alive; round++) {
    const c = host.pendingCalls()[0];
    if (c === undefined) break;
    host.fail(c.token);
  }
  if (host.alive) {
    for (const s of host.hungStreams()) bugs.push(`stream ${s.id} (${s.requestHeader(":path")?.slice(0, 80)}) paused with no call pending`);
  }
  for (const s of streams) {
    if (!host.alive) break;
    if (s.forwarded && !s.finished && s.response === null && s.localResponses.length === 0) s.responseHeaders({ ":status": "200" });
  }
  for (const s of host.streams) if (!s.finished && host.alive) s.finish();
  for (const b of host.bugs) bugs.push(`${b.kind} (during ${b.during}): ${b.message}`);
  tidy(host);
  const t = host.trapped;
  return { streams, trap: t === null ? null : `${t.message} (in ${t.call})`, bugs };
}

/** Drops what the fake host accumulates for assertions in short tests. */
export function tidy(host: FakeHost): void {
  host.vm.logs.length = 0;
  host.vm.bugs.length = 0;
  host.vm.memory.allocations.length = 0;
  const pending = host.http.all.filter((c) => c.state === "pending");
  host.http.all.length = 0;
  host.http.all.push(...pending);
  host.http.rejected.length = 0;
  const open = host.streams.filter((s) => !s.finished);
  host.streams.length = 0;
  host.streams.push(...open);
}

/** A downstream request's headers in the usual order. */
export function requestHeaders(method: string, path: string, extra: Pairs, authority = AUTHORITY, scheme = "https"): Pairs {
  return [[":method", method], [":path", path], [":authority", authority], [":scheme", scheme], ...extra];
}

export const NAVIGATE: Pairs = [["accept", "text/html"], ["sec-fetch-mode", "navigate"], ["sec-fetch-site", "none"]];
