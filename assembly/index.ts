// Entry point: exports the proxy-wasm ABI (our dispatch in glue/exports.ts; malloc and free are
// proxy-runtime's) and registers the root context under the name Envoy passes as root_id (Istio:
// WasmPlugin.spec.pluginName). The three must agree: this constant, envoy/envoy.yaml and
// wasmplugin.yaml.
export * from "./glue/exports";
export { malloc, free } from "./glue/runtime";
import { registerRootContext, RootContext } from "./glue/runtime";
import { OidcRoot } from "./glue/root";

export const ROOT_ID = "oidc-sso";

registerRootContext((contextId: u32): RootContext => new OidcRoot(contextId), ROOT_ID);
