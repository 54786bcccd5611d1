// The proxy-wasm 0.2.x entry points, replacing proxy-runtime 0.1.8's exports.ts. Its dispatch
// formats seven debug lines for every new stream (three of them join every live context id) and
// sends each through proxy_log, whatever Envoy's log level: measured in bench/run.ts, that was a
// large share of the filter's cost per request. These do the same dispatch, without the lines.
//
// Callbacks the filter has no use for are not exported at all: Envoy (proxy-wasm-cpp-host) then
// does not call into the VM for them and uses the default (Continue for headers/body/trailers/
// metadata, "done" for proxy_on_done, nothing for proxy_on_log), which is exactly what the filter
// answered. That saves Envoy's VM calls for the response body, on_log and on_done of every request.
// The filter's streams only implement onRequestHeaders, onResponseHeaders and onDelete; the
// filter opens no gRPC calls or shared queues and has no foreign functions, so those callbacks are
// not exported either.
//
// Contexts live in our own map; proxy-runtime's map (private to its runtime.ts) is only used to
// create root contexts through its factory registry (ensureRootContext: once per plugin, so its
// lines there cost nothing) and is kept in sync on delete. A missing id aborts, as there.

import { BaseContext, RootContext, Context, ensureRootContext, deleteRuntimeContext } from "./runtime";

const contexts = new Map<u32, BaseContext>();

// Memory: the module is built with AssemblyScript's `minimal` runtime (asconfig.json), whose
// collector must only run when no managed reference is on the stack, since it has no shadow stack
// to find them. That moment is the end of an outermost call from Envoy. Calls nest: a local reply
// sent from onRequestHeaders runs onResponseHeaders inside it, and the host calls malloc from
// inside our host calls, so a depth counter decides which return is the outermost one.
// Collecting costs time in proportion to the live heap, so it runs every COLLECT_EVERY outermost
// calls, and at once when linear memory has grown since the last run (a large input just went by).
const COLLECT_EVERY: u32 = 64;
let depth: u32 = 0;
let callsSinceCollect: u32 = 0;
let pagesAtCollect: i32 = 0;

function enter(): void {
  depth++;
}

function leave(): void {
  depth--;
  if (depth != 0) return;
  callsSinceCollect++;
  const pages = memory.size();
  if (callsSinceCollect < COLLECT_EVERY && pages == pagesAtCollect) return;
  __collect();
  callsSinceCollect = 0;
  pagesAtCollect = memory.size();
}

function baseContext(id: u32): BaseContext {
  return contexts.get(id);
}

function streamContext(id: u32): Context {
  return contexts.get(id) as Context;
}

function rootContext(id: u32): RootContext {
  return contexts.get(id) as RootContext;
}

function rootCreatedOnce(id: u32): RootContext {
  if (contexts.has(id)) return rootContext(id);
  const root = ensureRootContext(id);
  contexts.set(id, root);
  return root;
}

export function proxy_abi_version_0_2_0(): void {}

export function proxy_on_vm_start(root_context_id: u32, configuration_size: u32): u32 {
  enter();
  const ok = rootContext(root_context_id).onStart(configuration_size);
  leave();
  return ok ? 1 : 0;
}

export function proxy_validate_configuration(root_context_id: u32, configuration_size: u32): u32 {
  enter();
  const ok = rootContext(root_context_id).validateConfiguration(configuration_size);
  leave();
  return ok ? 1 : 0;
}

export function proxy_on_configure(root_context_id: u32, configuration_size: u32): u32 {
  enter();
  const ok = rootContext(root_context_id).onConfigure(configuration_size);
  leave();
  return ok ? 1 : 0;
}

export function proxy_on_tick(root_context_id: u32): void {
  enter();
  rootContext(root_context_id).onTick();
  leave();
}

export function proxy_on_context_create(context_id: u32, root_context_id: u32): void {
  enter();
  if (root_context_id == 0) {
    rootCreatedOnce(context_id);
  } else {
    const root = rootCreatedOnce(root_context_id);
    if (!contexts.has(context_id)) contexts.set(context_id, root.createContext(context_id));
  }
  leave();
}

export function proxy_on_request_headers(context_id: u32, headers: u32, end_of_stream: u32): i32 {
  enter();
  const status = streamContext(context_id).onRequestHeaders(headers, end_of_stream != 0) as i32;
  leave();
  return status;
}

export function proxy_on_response_headers(context_id: u32, headers: u32, end_of_stream: u32): i32 {
  enter();
  const status = streamContext(context_id).onResponseHeaders(headers, end_of_stream != 0) as i32;
  leave();
  return status;
}

export function proxy_on_http_call_response(context_id: u32, token: u32, headers: u32, body_size: u32, trailers: u32): void {
  enter();
  rootContext(context_id).onHttpCallResponse(token, headers, body_size, trailers);
  leave();
}

export function proxy_on_delete(context_id: u32): void {
  enter();
  baseContext(context_id).onDelete();
  contexts.delete(context_id);
  deleteRuntimeContext(context_id);
  leave();
}
