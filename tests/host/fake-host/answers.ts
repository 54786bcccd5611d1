// Delivering scripted answers to the module's outgoing HTTP calls the way Envoy's async client
// does: success (any status), reset (0 headers, BrokenConnection), or the timeout's 504.
import { WasmResult, pairsToBstr, toBstr, toPairs, utf8ToBstr, type Pairs } from "./abi.ts";
import type { VmCore } from "./core.ts";
import { HeaderMap } from "./headers.ts";
import type { HttpCallAnswer } from "./options.ts";
import type { HttpCallRecord, HttpCalls } from "./services.ts";

function pendingCall(http: HttpCalls, token: number): HttpCallRecord {
  const call = http.get(token);
  if (call === undefined) throw new Error(`no http call with token ${token}`);
  if (call.state !== "pending") throw new Error(`http call ${token} is already ${call.state}`);
  return call;
}

export function answerCall(vm: VmCore, http: HttpCalls, token: number, answer: HttpCallAnswer): void {
  const call = pendingCall(http, token);
  const headers = toPairs(answer.headers);
  let body = toBstr(answer.body);
  if (answer.json !== undefined) {
    body = utf8ToBstr(JSON.stringify(answer.json));
    if (!headers.some(([k]) => k.toLowerCase() === "content-type")) headers.push(["content-type", "application/json"]);
  }
  call.state = "answered";
  deliver(vm, call, String(answer.status), pairsToBstr(headers), body, pairsToBstr(toPairs(answer.trailers)));
}

export function failCall(vm: VmCore, http: HttpCalls, token: number): void {
  const call = pendingCall(http, token);
  call.state = "failed";
  const root = vm.contexts.get(call.rootContextId);
  if (root === undefined || root.kind === "stream" || vm.trapped !== null) return;
  root.status = { code: WasmResult.BrokenConnection, message: "reset" };
  vm.defer(() => (root.status.message = ""));
  vm.hook("proxy_on_http_call_response", root.id, [root.id, token, 0, 0, 0], () => undefined);
}

export function timeOutCall(vm: VmCore, http: HttpCalls, token: number): void {
  const call = pendingCall(http, token);
  call.state = "timed-out";
  const body = "upstream request timeout";
  deliver(vm, call, "504", [["content-length", String(body.length)], ["content-type", "text/plain"]], body, []);
}

/** The IdP cannot be reached: Envoy's router answers the async request itself with a 503. */
export function connectFailCall(vm: VmCore, http: HttpCalls, token: number): void {
  const call = pendingCall(http, token);
  call.state = "failed";
  const body = "upstream connect error or disconnect/reset before headers. reset reason: connection failure";
  deliver(vm, call, "503", [["content-length", String(body.length)], ["content-type", "text/plain"]], body, []);
}

/** The pending call whose timeout falls first at or before limitNs. */
export function nextCallTimeout(http: HttpCalls, limitNs: bigint): { token: number; atNs: bigint } | null {
  let best: { token: number; atNs: bigint } | null = null;
  for (const call of http.pending()) {
    if (call.timeoutMs === 0) continue;
    const at = BigInt(call.sentAtMs + call.timeoutMs) * 1_000_000n;
    if (at <= limitNs && (best === null || at < best.atNs)) best = { token: call.token, atNs: at };
  }
  return best;
}

function deliver(vm: VmCore, call: HttpCallRecord, status: string, headers: Pairs, body: string, trailers: Pairs): void {
  const root = vm.contexts.get(call.rootContextId);
  // A failed VM or a deleted root context gets no callback (Envoy cancels or skips it).
  if (root === undefined || root.kind === "stream" || vm.trapped !== null) return;
  const response = { headers: new HeaderMap([[":status", status], ...headers]), body, trailers: new HeaderMap(trailers) };
  root.httpCallResponse = response;
  // Envoy clears the response after the call, before any other deferred action.
  vm.defer(() => (root.httpCallResponse = null));
  vm.hook("proxy_on_http_call_response", root.id,
    [root.id, call.token, response.headers.size, body.length, response.trailers.size], () => undefined);
}
