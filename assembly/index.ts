export * from "../node_modules/@solo-io/proxy-runtime/assembly/proxy";
import { RootContext, Context, registerRootContext } from "../node_modules/@solo-io/proxy-runtime/assembly";

class R extends RootContext {
  createContext(id: u32): Context { return new Context(id, this); }
}
registerRootContext((id: u32) => new R(id), "oidc-sso");
