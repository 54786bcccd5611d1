// get_property answers: what the test configured, then what Envoy knows about the plugin and the
// stream (a subset of Envoy's attributes), then filter state written with set_property.
import { bstrToUtf8, bytesToBstr, utf8ToBstr } from "./abi.ts";
import type { ContextState } from "./core.ts";

export type PropertyValue = string | Uint8Array;
export type PropertyTable = Record<string, PropertyValue | ((ctx: { contextId: number; isStream: boolean }) => PropertyValue | undefined)>;

export interface PluginIdentity { rootId: string; pluginName: string; vmId: string }

/** Value (byte string) of a NUL-separated property path, or undefined for NotFound. */
export function resolveProperty(path: string[], ctx: ContextState, plugin: PluginIdentity, table: PropertyTable | undefined): string | undefined {
  const dotted = path.map(bstrToUtf8).join(".");
  const custom = table?.[dotted];
  if (custom !== undefined) {
    const v = typeof custom === "function" ? custom({ contextId: ctx.id, isStream: ctx.kind === "stream" }) : custom;
    if (v !== undefined) return typeof v === "string" ? utf8ToBstr(v) : bytesToBstr(v);
  }
  if (path.length === 1) {
    // The VM context (during _initialize) belongs to no plugin.
    if (dotted === "plugin_root_id") return ctx.kind === "vm" ? "" : utf8ToBstr(plugin.rootId);
    if (dotted === "plugin_name") return utf8ToBstr(plugin.pluginName);
    if (dotted === "plugin_vm_id") return utf8ToBstr(plugin.vmId);
  }
  if (ctx.kind !== "stream") return undefined;
  // Envoy reads request.* from the request headers it still holds (or the access log copy).
  if (path.length === 2 && path[0] === "request" && (ctx.requestAccessible || ctx.accessLogPhase)) {
    const h = (name: string) => ctx.requestMap.get(name);
    const fullPath = h(":path");
    const query = fullPath?.includes("?") ? fullPath.slice(fullPath.indexOf("?") + 1) : undefined;
    const fields: Record<string, string | undefined> = {
      path: fullPath, url_path: fullPath?.split("?")[0], host: h(":authority"), scheme: h(":scheme"),
      method: h(":method"), referer: h("referer"), useragent: h("user-agent"), id: h("x-request-id"), query,
    };
    return fields[path[1]];
  }
  return path.length >= 1 ? ctx.filterState.get(path[0]) : undefined;
}
