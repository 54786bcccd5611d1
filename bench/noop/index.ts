// The floor of any filter built on our glue: the same proxy-wasm entry points as the filter
// (assembly/glue/exports.ts), a root context and streams that let every request through untouched.
// bench/run.ts measures it beside (a), (b) and (c): (c) minus this is the filter's own work, this
// minus (a) is what Envoy charges for a Wasm filter's callbacks at all.
export * from "../../assembly/glue/exports";
export { malloc, free } from "../../assembly/glue/runtime";
import { registerRootContext, RootContext, Context, FilterHeadersStatusValues } from "../../assembly/glue/runtime";

class PassStream extends Context {
  onRequestHeaders(_n: u32, _end: bool): FilterHeadersStatusValues { return FilterHeadersStatusValues.Continue; }
  onResponseHeaders(_n: u32, _end: bool): FilterHeadersStatusValues { return FilterHeadersStatusValues.Continue; }
  onDelete(): void {}
}

class PassRoot extends RootContext {
  createContext(contextId: u32): Context { return new PassStream(contextId, this); }
}

registerRootContext((contextId: u32): RootContext => new PassRoot(contextId), "oidc-sso");
