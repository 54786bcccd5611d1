// A/B entry: the filter as assembly/index.ts builds it, except that the proxy-wasm entry points are
// proxy-runtime 0.1.8's own (its exports.ts: every callback exported, seven debug lines per new stream).
//   npx asc bench/variants/runtime-exports.ts --config asconfig.json --target release --outFile build/bench/runtime-exports.wasm
//   node --import tsx bench/run.ts --variant runtime=build/bench/runtime-exports.wasm
export * from "../../node_modules/@solo-io/proxy-runtime/assembly/proxy";
import { registerRootContext, RootContext } from "../../assembly/glue/runtime";
import { OidcRoot } from "../../assembly/glue/root";

registerRootContext((contextId: u32): RootContext => new OidcRoot(contextId), "oidc-sso");
