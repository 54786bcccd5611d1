// The one place that names the proxy-runtime package. AssemblyScript 0.27 does not resolve the
// scoped package by name (it has no "ascMain"), so the path is spelled out once, here.
export * from "../../node_modules/@solo-io/proxy-runtime/assembly/index";
export {
  get_buffer_bytes,
  get_header_map_value,
  HeaderMapTypeValues,
  BufferTypeValues,
  StreamTypeValues,
  ensureRootContext,
  deleteContext as deleteRuntimeContext,
} from "../../node_modules/@solo-io/proxy-runtime/assembly/runtime";
// The allocator the host calls to hand us buffers (exported by assembly/index.ts).
export { malloc, free } from "../../node_modules/@solo-io/proxy-runtime/assembly/malloc";
import * as abi from "../../node_modules/@solo-io/proxy-runtime/assembly/imports";
export { abi };

import { RootContext, FilterHeadersStatusValues } from "../../node_modules/@solo-io/proxy-runtime/assembly/index";

// The root context type the dispatch in exports.ts expects. Streams have no object in the VM: their
// root answers for them by id, and keeps state only for the few that need it (a paused login, a
// Set-Cookie owed to the response), so the common request allocates no context and no map entry.
/** A root context that answers for its streams by id. The defaults let everything through. */
export class StreamRoot extends RootContext {
  streamRequestHeaders(_streamId: u32, _endOfStream: bool): FilterHeadersStatusValues {
    return FilterHeadersStatusValues.Continue;
  }
  streamResponseHeaders(_streamId: u32, _endOfStream: bool): FilterHeadersStatusValues {
    return FilterHeadersStatusValues.Continue;
  }
  streamGone(_streamId: u32): void {}
}
