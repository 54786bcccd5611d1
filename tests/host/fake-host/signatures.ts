// Envoy (proxy-wasm-cpp-host) links a host function only if the module imports it with exactly
// the host's type; a mismatch makes the whole module fail to load. Node's JS API would accept any
// type, so the fake host reads the module's type and import sections itself and compares.

const i32 = "i32";
const i64 = "i64";
type Sig = { params: string[]; results: string[] };
const fn = (params: string[], results: string[] = [i32]): Sig => ({ params, results });
const words = (n: number): string[] => Array(n).fill(i32);

/** ABI 0.2.x signatures on wasm32 (every pointer, size and enum is an i32 Word). */
export const ENVOY_SIGNATURES: Record<string, Sig> = {
  proxy_log: fn(words(3)), proxy_get_log_level: fn(words(1)), proxy_get_status: fn(words(3)),
  proxy_set_property: fn(words(4)), proxy_get_property: fn(words(4)),
  proxy_send_local_response: fn(words(8)),
  proxy_get_shared_data: fn(words(5)), proxy_set_shared_data: fn(words(5)),
  proxy_register_shared_queue: fn(words(3)), proxy_resolve_shared_queue: fn(words(5)),
  proxy_dequeue_shared_queue: fn(words(3)), proxy_enqueue_shared_queue: fn(words(3)),
  proxy_get_header_map_value: fn(words(5)), proxy_add_header_map_value: fn(words(5)),
  proxy_replace_header_map_value: fn(words(5)), proxy_remove_header_map_value: fn(words(3)),
  proxy_get_header_map_pairs: fn(words(3)), proxy_set_header_map_pairs: fn(words(3)),
  proxy_get_header_map_size: fn(words(2)),
  proxy_get_buffer_status: fn(words(3)), proxy_get_buffer_bytes: fn(words(5)), proxy_set_buffer_bytes: fn(words(5)),
  proxy_http_call: fn(words(10)),
  proxy_grpc_call: fn(words(12)), proxy_grpc_stream: fn(words(9)), proxy_grpc_close: fn(words(1)),
  proxy_grpc_cancel: fn(words(1)), proxy_grpc_send: fn(words(4)),
  proxy_set_tick_period_milliseconds: fn(words(1)), proxy_get_current_time_nanoseconds: fn(words(1)),
  proxy_define_metric: fn(words(4)), proxy_increment_metric: fn([i32, i64]), proxy_record_metric: fn([i32, i64]),
  proxy_get_metric: fn(words(2)),
  proxy_set_effective_context: fn(words(1)), proxy_done: fn([]), proxy_call_foreign_function: fn(words(6)),
  proxy_get_configuration: fn(words(2)), proxy_continue_request: fn([]), proxy_continue_response: fn([]),
  proxy_continue_stream: fn(words(1)), proxy_close_stream: fn(words(1)), proxy_clear_route_cache: fn([]),
  // WASI preview1
  fd_write: fn(words(4)), fd_read: fn(words(4)), fd_seek: fn([i32, i64, i32, i32]), fd_close: fn(words(1)),
  fd_fdstat_get: fn(words(2)), environ_get: fn(words(2)), environ_sizes_get: fn(words(2)),
  args_get: fn(words(2)), args_sizes_get: fn(words(2)), clock_time_get: fn([i32, i64, i32]),
  random_get: fn(words(2)), proc_exit: fn([i32], []),
  path_open: fn([i32, i32, i32, i32, i32, i64, i64, i32, i32]), fd_prestat_get: fn(words(2)),
  fd_prestat_dir_name: fn(words(3)),
};

const VALTYPES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

/** Function imports of a module binary with their declared types. */
export function functionImportTypes(bytes: Uint8Array): { module: string; name: string; sig: Sig }[] {
  let pos = 8; // magic + version
  const u = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  const str = () => {
    const len = u();
    const s = Buffer.from(bytes.subarray(pos, pos + len)).toString("utf8");
    pos += len;
    return s;
  };
  const valtypes = () => Array.from({ length: u() }, () => VALTYPES[bytes[pos++]] ?? "?");
  const limits = () => {
    const flags = bytes[pos++];
    u();
    if (flags & 1) u();
  };
  const types: Sig[] = [];
  const imports: { module: string; name: string; sig: Sig }[] = [];
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = u();
    const end = pos + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        pos++; // 0x60
        types.push({ params: valtypes(), results: valtypes() });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        const module = str();
        const name = str();
        const kind = bytes[pos++];
        if (kind === 0) imports.push({ module, name, sig: types[u()] });
        else if (kind === 1) { pos++; limits(); }
        else if (kind === 2) limits();
        else if (kind === 3) pos += 2;
        else if (kind === 4) { pos++; u(); }
      }
      return imports;
    }
    pos = end;
  }
  return imports;
}

const show = (s: Sig) => `(${s.params.join(", ")}) -> (${s.results.join(", ")})`;

/** Problems for every import whose type differs from the one Envoy registers under that name. */
export function signatureProblems(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  for (const imp of functionImportTypes(bytes)) {
    const expected = ENVOY_SIGNATURES[imp.name];
    if (expected === undefined || imp.sig === undefined) continue; // unknown names are reported elsewhere
    if (show(expected) !== show(imp.sig)) {
      problems.push(`imports ${imp.module}.${imp.name} as ${show(imp.sig)}, but Envoy's is ${show(expected)} (link fails)`);
    }
  }
  return problems;
}
