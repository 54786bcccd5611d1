// Options of FakeHost and the shape of a scripted answer to an outgoing HTTP call.
import type { HeadersInit, LogLevelName } from "./abi.ts";
import type { PropertyTable } from "./properties.ts";

export interface FakeHostOptions {
  /** Envoy root_id (Istio: WasmPlugin pluginName). Default "oidc-sso". */
  rootId?: string;
  pluginName?: string;
  vmId?: string;
  /** Plugin configuration (what proxy_on_configure reads). Default "". */
  pluginConfig?: string | Uint8Array;
  vmConfig?: string | Uint8Array;
  /** Wall clock at start, in ms since the epoch. Default 1_700_000_000_000. */
  nowMs?: number;
  /** Seed of random_get's deterministic generator, or "crypto" for real randomness. Default 1. */
  seed?: number | "crypto";
  /** Keep every random byte handed out (host.randomBytes). Default true. */
  recordRandom?: boolean;
  /** Clusters http_call may target. Default []. */
  clusters?: string[];
  /** What proxy_get_log_level reports (Envoy's default is info = 2). */
  logLevel?: LogLevelName;
  /** Print module logs at or above this level to stderr (also env FAKE_HOST_LOGS). Default none. */
  echoLogs?: LogLevelName;
  /** WasmPlugin failStrategy FAIL_OPEN: after a trap requests pass instead of getting 503. */
  failOpen?: boolean;
  /** Run the filter's response phase on its own local replies, as Envoy does. Default true. */
  localReplyThroughFilter?: boolean;
  /** Extra get_property answers, by dotted path ("source.address"); functions see the context. */
  properties?: PropertyTable;
  /** Environment variables (Envoy vm_config.environment_variables), for WASI environ_get. */
  env?: Record<string, string>;
  /** Record every host function call in host.vm.trace (name, args, result, module call). */
  trace?: boolean;
}

export interface HttpCallAnswer {
  status: number;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  /** Shorthand: JSON body with content-type application/json. */
  json?: unknown;
  trailers?: HeadersInit;
}
