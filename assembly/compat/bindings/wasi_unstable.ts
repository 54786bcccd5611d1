// proxy-runtime 0.1.8 imports `proc_exit` from "bindings/wasi_unstable", which AssemblyScript 0.27
// no longer ships. Envoy implements `wasi_snapshot_preview1.proc_exit`; that is all the runtime uses.
// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "proc_exit")
export declare function proc_exit(code: u32): void;
