// Checks a plugin configuration with the BUILT filter's own validator, never with a copy of its rules:
// build/oidc-sso.wasm runs under the fake proxy-wasm host (the same harness the host tests use),
// proxy_on_configure reads the JSON exactly as Envoy hands it over, and every
// "oidc-sso config: <field>: <problem>" line the filter logs becomes one problem. The filter reports
// all of them in one pass (assembly/core/config/parse.ts), so the user sees every mistake at once.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FakeHost } from "../../tests/host/fake-host/host.ts";

export const DEFAULT_WASM = fileURLToPath(new URL("../../build/oidc-sso.wasm", import.meta.url));
/** The name assembly/index.ts registers its root context under (Envoy root_id, Istio pluginName). */
export const PLUGIN_NAME = "oidc-sso";

const CONFIG_PROBLEM = "oidc-sso config: ";

export interface Problem {
  field: string;
  problem: string;
}

export interface FilterVerdict {
  accepted: boolean;
  problems: Problem[];
}

export class MissingModuleError extends Error {}

/** "issuer: must use https" → { field: "issuer", problem: "must use https" } (fields never hold ": "). */
function splitProblem(line: string): Problem {
  const text = line.slice(CONFIG_PROBLEM.length);
  const cut = text.indexOf(": ");
  return cut < 0 ? { field: "configuration", problem: text } : { field: text.slice(0, cut), problem: text.slice(cut + 2) };
}

/** Runs proxy_on_configure of the module at `wasmPath` on `pluginConfig` (serialized as JSON). */
export async function validateWithFilter(pluginConfig: unknown, wasmPath = DEFAULT_WASM): Promise<FilterVerdict> {
  if (!existsSync(wasmPath)) {
    throw new MissingModuleError(`${wasmPath} does not exist: build the filter first (npm run build -- filter)`);
  }
  const json = typeof pluginConfig === "string" ? pluginConfig : JSON.stringify(pluginConfig);
  const host = await FakeHost.load(wasmPath, { rootId: PLUGIN_NAME, pluginConfig: json });
  const accepted = host.start();
  const problems = host.logs
    .map((entry) => entry.message)
    .filter((message) => message.startsWith(CONFIG_PROBLEM))
    .map(splitProblem);
  if (!accepted && problems.length === 0) {
    // Refused without naming a field: a trap or a lifecycle failure. Say what the module said.
    const trap = host.trapped;
    const last = host.logsAtLeast("warn").map((l) => l.message).slice(-3).join(" | ");
    problems.push({ field: "configuration", problem: `refused by the filter${trap ? ` (trap in ${trap.call}: ${trap.message})` : ""}${last ? `: ${last}` : ""}` });
  }
  return { accepted, problems };
}
