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
