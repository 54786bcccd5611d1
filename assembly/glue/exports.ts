// The proxy-wasm 0.2.x entry points, replacing proxy-runtime 0.1.8's exports.ts. Its dispatch
// formats seven debug lines for every new stream (three of them join every live context id) and
// sends each through proxy_log, whatever Envoy's log level: measured in bench/run.ts, that was a
// large share of the filter's cost per request. These do the same dispatch, without the lines.
//
// Callbacks the filter has no use for are not exported at all: Envoy (proxy-wasm-cpp-host) then
// does not call into the VM for them and uses the default (Continue for headers/body/trailers/
// metadata, "done" for proxy_on_done, nothing for proxy_on_log), which is exactly what the filter
// answered. The filter opens no gRPC calls or shared queues and has no foreign functions, so those
// callbacks are not exported either.
//
// Streams have no object in the VM: a StreamRoot serves them by id, and keeps state only for the
// few that need it (a paused login, a Set-Cookie owed to the response). So the hot path allocates
// no context and touches no map here. Root contexts come from proxy-runtime's factory registry
// (ensureRootContext, once per plugin) and must be StreamRoots.

import { FilterHeadersStatusValues, ensureRootContext, deleteRuntimeContext, StreamRoot } from "./runtime";
import { sendLocalResponse } from "./host";
import { Header } from "../core/http/request";

const roots = new Map<u32, StreamRoot>();
// With one root in the VM (one plugin configuration: the normal case) every stream is its stream,
// so nothing is recorded per stream. Once a second root appears, streams created from then on are
// recorded; those created before belong to the root that was alone then (legacyRoot). When the
// roots are down to one again, the records go (see proxy_on_delete).
let multiRoot = false;
let legacyRoot: u32 = 0;
const streamRoots = new Map<u32, u32>();
// The root while it is the only one (null when there is none): every call of a stream finds it
// without a map lookup.
let soleRoot: StreamRoot | null = null;
let soleRootId: u32 = 0;

function setSoleRoot(id: u32, root: StreamRoot | null): void {
  soleRootId = id;
  soleRoot = root;
}

function isRoot(id: u32): bool {
  return multiRoot ? roots.has(id) : soleRoot !== null && id == soleRootId;
}

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

function rootCreatedOnce(id: u32): StreamRoot {
  const sole = soleRoot;
  if (!multiRoot && sole !== null && id == soleRootId) return sole;
  if (roots.has(id)) return roots.get(id);
  const root = ensureRootContext(id) as StreamRoot;
  if (!multiRoot) {
    if (sole === null) {
      setSoleRoot(id, root);
    } else {
      multiRoot = true;
      legacyRoot = soleRootId;
      setSoleRoot(0, null);
    }
  }
  roots.set(id, root);
  return root;
}

/** The root of a stream; null when it is gone (the caller then fails closed). */
function rootOfStream(streamId: u32): StreamRoot | null {
  if (!multiRoot) return soleRoot;
  const id = streamRoots.has(streamId) ? streamRoots.get(streamId) : legacyRoot;
  return roots.has(id) ? roots.get(id) : null;
}

export function proxy_abi_version_0_2_0(): void {}

export function proxy_on_vm_start(root_context_id: u32, configuration_size: u32): u32 {
  enter();
  const ok = rootCreatedOnce(root_context_id).onStart(configuration_size);
  leave();
  return ok ? 1 : 0;
}

export function proxy_validate_configuration(root_context_id: u32, configuration_size: u32): u32 {
  enter();
  const ok = rootCreatedOnce(root_context_id).validateConfiguration(configuration_size);
  leave();
  return ok ? 1 : 0;
}

export function proxy_on_configure(root_context_id: u32, configuration_size: u32): u32 {
  enter();
  const ok = rootCreatedOnce(root_context_id).onConfigure(configuration_size);
  leave();
  return ok ? 1 : 0;
}

export function proxy_on_tick(root_context_id: u32): void {
  enter();
  rootCreatedOnce(root_context_id).onTick();
  leave();
}

export function proxy_on_context_create(context_id: u32, root_context_id: u32): void {
  enter();
  if (root_context_id == 0) {
    rootCreatedOnce(context_id);
  } else {
    rootCreatedOnce(root_context_id);
    if (multiRoot) streamRoots.set(context_id, root_context_id);
  }
  leave();
}

export function proxy_on_request_headers(context_id: u32, headers: u32, end_of_stream: u32): i32 {
  enter();
  const root = rootOfStream(context_id);
  let status = FilterHeadersStatusValues.StopIteration;
  if (root !== null) {
    status = root.streamRequestHeaders(context_id, end_of_stream != 0);
  } else {
    // Without its root a stream cannot be judged: it is refused, never let through unchecked.
    sendLocalResponse(503, "oidc_sso_no_root", "", new Array<Header>());
  }
  leave();
  return status as i32;
}

export function proxy_on_response_headers(context_id: u32, headers: u32, end_of_stream: u32): i32 {
  enter();
  const root = rootOfStream(context_id);
  const status = root === null ? FilterHeadersStatusValues.Continue : root.streamResponseHeaders(context_id, end_of_stream != 0);
  leave();
  return status as i32;
}

export function proxy_on_http_call_response(context_id: u32, token: u32, headers: u32, body_size: u32, trailers: u32): void {
  enter();
  if (isRoot(context_id)) roots.get(context_id).onHttpCallResponse(token, headers, body_size, trailers);
  leave();
}

export function proxy_on_delete(context_id: u32): void {
  enter();
  if (isRoot(context_id)) {
    roots.get(context_id).onDelete();
    roots.delete(context_id);
    deleteRuntimeContext(context_id);
    if (!multiRoot) {
      setSoleRoot(0, null);
    } else if (roots.size == 1) {
      // Back to one root (an old plugin configuration went away after an update): its streams need
      // no record again. Any record of a stream of the deleted root is dropped with the rest; such a
      // stream is past its request phase, and the remaining root owes it nothing in its response.
      multiRoot = false;
      const id = roots.keys()[0];
      setSoleRoot(id, roots.get(id));
      streamRoots.clear();
    }
  } else {
    const root = rootOfStream(context_id);
    if (root !== null) root.streamGone(context_id);
    if (multiRoot) streamRoots.delete(context_id);
  }
  leave();
}
