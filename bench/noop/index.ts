// The floor of any filter built on our glue: the same proxy-wasm entry points as the filter
// (assembly/glue/exports.ts) and a root context whose streams pass untouched (StreamRoot's
// defaults). bench/run.ts measures it beside (a), (b) and (c): (c) minus this is the filter's own
// work, this minus (a) is what Envoy charges for a Wasm filter's callbacks at all.
export * from "../../assembly/glue/exports";
export { malloc, free } from "../../assembly/glue/runtime";
import { registerRootContext, RootContext } from "../../assembly/glue/runtime";
import { StreamRoot } from "../../assembly/glue/runtime";

registerRootContext((contextId: u32): RootContext => new StreamRoot(contextId), "oidc-sso");
