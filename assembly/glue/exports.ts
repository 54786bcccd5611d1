// The proxy-wasm 0.2.x entry points, replacing proxy-runtime 0.1.8's exports.ts. Its dispatch
// formats seven debug lines for every new stream (three of them join every live context id) and
// sends each through proxy_log, whatever Envoy's log level: measured in bench/run.ts, that was a
// large share of the filter's cost per request. These do the same dispatch, without the lines.
//
// Callbacks the filter has no use for are not exported at all: Envoy (proxy-wasm-cpp-host) then
// does not call into the VM for them and uses the default (Continue for headers/body/trailers/
// metadata, "done" for proxy_on_done, nothing for proxy_on_log), which is exactly what the filter
// answered. That saves Envoy's VM calls for the response body, on_log and on_done of every request.
// The filter's streams only implement onRequestHeaders, onResponseHeaders and onDelete.
//
// Contexts live in our own map; proxy-runtime's map (private to its runtime.ts) is only used to
// create root contexts through its factory registry (ensureRootContext: once per plugin, so its
// lines there cost nothing) and is kept in sync on delete. A missing id aborts, as there.

import { BaseContext, RootContext, Context, ensureRootContext, deleteRuntimeContext } from "./runtime";

const contexts = new Map<u32, BaseContext>();

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
  return rootContext(root_context_id).onStart(configuration_size) ? 1 : 0;
}

export function proxy_validate_configuration(root_context_id: u32, configuration_size: u32): u32 {
  return rootContext(root_context_id).validateConfiguration(configuration_size) ? 1 : 0;
}

export function proxy_on_configure(root_context_id: u32, configuration_size: u32): u32 {
  return rootContext(root_context_id).onConfigure(configuration_size) ? 1 : 0;
}

export function proxy_on_tick(root_context_id: u32): void {
  rootContext(root_context_id).onTick();
}

export function proxy_on_foreign_function(_root_context_id: u32, _function_id: u32, _data_size: u32): void {}

export function proxy_on_queue_ready(root_context_id: u32, token: u32): void {
  rootContext(root_context_id).onQueueReady(token);
}

export function proxy_on_context_create(context_id: u32, root_context_id: u32): void {
  if (root_context_id == 0) {
    rootCreatedOnce(context_id);
    return;
  }
  const root = rootCreatedOnce(root_context_id);
  if (!contexts.has(context_id)) contexts.set(context_id, root.createContext(context_id));
}

export function proxy_on_request_headers(context_id: u32, headers: u32, end_of_stream: u32): i32 {
  return streamContext(context_id).onRequestHeaders(headers, end_of_stream != 0) as i32;
}

export function proxy_on_response_headers(context_id: u32, headers: u32, end_of_stream: u32): i32 {
  return streamContext(context_id).onResponseHeaders(headers, end_of_stream != 0) as i32;
}

export function proxy_on_http_call_response(context_id: u32, token: u32, headers: u32, body_size: u32, trailers: u32): void {
  rootContext(context_id).onHttpCallResponse(token, headers, body_size, trailers);
}

export function proxy_on_grpc_receive_initial_metadata(context_id: u32, token: u32, headers: u32): void {
  rootContext(context_id).on_grpc_receive_initial_metadata(token, headers);
}

export function proxy_on_grpc_trailing_metadata(context_id: u32, token: u32, trailers: u32): void {
  rootContext(context_id).on_grpc_trailing_metadata(token, trailers);
}

export function proxy_on_grpc_receive(context_id: u32, token: u32, response_size: u32): void {
  rootContext(context_id).on_grpc_receive(token, response_size);
}

export function proxy_on_grpc_close(context_id: u32, token: u32, status_code: u32): void {
  rootContext(context_id).on_grpc_close(token, status_code);
}

export function proxy_on_delete(context_id: u32): void {
  baseContext(context_id).onDelete();
  contexts.delete(context_id);
  deleteRuntimeContext(context_id);
}
