// Envoy (proxy-wasm-cpp-host) links only the proxy-wasm host functions in module "env" and a fixed
// set of WASI functions; a module importing anything else (env.abort, env.seed, env.Date.now,
// env.trace...) fails to load. It also needs an exported ABI version marker it understands.
import { readFileSync } from "node:fs";

// proxy-wasm ABI 0.2.x host functions (FOR_ALL_HOST_FUNCTIONS and the ABI-specific list of the host).
export const PROXY_HOST: ReadonlySet<string> = new Set([
  "log", "get_status", "set_property", "get_property", "send_local_response", "get_shared_data",
  "set_shared_data", "register_shared_queue", "resolve_shared_queue", "dequeue_shared_queue",
  "enqueue_shared_queue", "get_header_map_value", "add_header_map_value", "replace_header_map_value",
  "remove_header_map_value", "get_header_map_pairs", "set_header_map_pairs", "get_header_map_size",
  "get_buffer_status", "get_buffer_bytes", "set_buffer_bytes", "http_call", "grpc_call", "grpc_stream",
  "grpc_close", "grpc_cancel", "grpc_send", "set_tick_period_milliseconds",
  "get_current_time_nanoseconds", "define_metric", "increment_metric", "record_metric", "get_metric",
  "set_effective_context", "done", "call_foreign_function", "get_configuration", "continue_request",
  "continue_response", "clear_route_cache", "continue_stream", "close_stream", "get_log_level",
].map((n) => `proxy_${n}`));

// WASI functions Envoy implements (FOR_ALL_WASI_FUNCTIONS).
export const WASI: ReadonlySet<string> = new Set([
  "fd_write", "fd_read", "fd_seek", "fd_close", "fd_fdstat_get", "environ_get", "environ_sizes_get",
  "args_get", "args_sizes_get", "clock_time_get", "random_get", "proc_exit", "path_open",
  "fd_prestat_get", "fd_prestat_dir_name",
]);

const ABI_VERSIONS = ["proxy_abi_version_0_1_0", "proxy_abi_version_0_2_0", "proxy_abi_version_0_2_1"];

export function checkModule(path: string): string[] {
  const module = new WebAssembly.Module(readFileSync(path));
  const problems: string[] = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    const allowed =
      (imp.module === "env" && imp.kind === "function" && PROXY_HOST.has(imp.name)) ||
      ((imp.module === "wasi_snapshot_preview1" || imp.module === "wasi_unstable") &&
        imp.kind === "function" && WASI.has(imp.name));
    if (!allowed) problems.push(`imports ${imp.module}.${imp.name} (${imp.kind}), which Envoy does not provide`);
  }
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  if (!exports.some((name) => ABI_VERSIONS.includes(name))) {
    problems.push(`exports no proxy-wasm ABI version (${ABI_VERSIONS.join(", ")})`);
  }
  for (const required of ["memory", "malloc", "proxy_on_context_create", "proxy_on_request_headers"]) {
    if (!exports.includes(required)) problems.push(`does not export ${required}`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  for (const path of process.argv.slice(2)) {
    const problems = checkModule(path);
    console.log(problems.length === 0 ? `${path}: loads in Envoy` : `${path}:\n  ${problems.join("\n  ")}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
