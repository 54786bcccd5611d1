// Turns the canonical envoy/envoy.yaml into the configuration of one test Envoy: free ports, the test's IdP
// cluster, backend and plugin configuration, an absolute wasm path. Pure: the caller writes the result.
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { assertLoopback } from "./processes.ts";

export const repoRoot = new URL("../../../", import.meta.url).pathname;
export const canonicalEnvoyYaml = `${repoRoot}envoy/envoy.yaml`;

/** The plugin configuration contract (see envoy/envoy.yaml). Extra keys pass through untouched. */
export interface PluginConfig {
  issuer: string;
  client_id: string;
  client_secret?: string;
  redirect_url: string;
  cookie_secret: string;
  idp_cluster?: string;
  [key: string]: unknown;
}

/** How the gateway normalizes paths before the filter sees them. */
export type Normalization = "istio-base" | "raw";

export interface EnvoyLayout {
  listenerPort: number;
  adminPort: number;
  backendPort: number;
  idpCluster: string;
  idpHost: string;
  idpPort: number;
  wasmPath: string;
  pluginConfig: PluginConfig;
  normalization: Normalization;
}

// Istio names a ServiceEntry's cluster "outbound|<port>|<subset>|<host>"; the harness reads the IdP endpoint
// straight out of that name, so the plugin config alone says where the IdP is.
const ISTIO_CLUSTER = /^outbound\|(\d+)\|[^|]*\|(.+)$/;

/** The IdP cluster name and endpoint for a plugin config: from idp_cluster, else from the issuer URL. */
export function idpEndpointOf(config: PluginConfig, idpPortOverride?: number): { cluster: string; host: string; port: number } {
  const issuer = new URL(config.issuer);
  const issuerPort = Number(issuer.port || (issuer.protocol === "https:" ? 443 : 80));
  const cluster = config.idp_cluster ?? `outbound|${issuerPort}||${issuer.hostname}`;
  const parsed = ISTIO_CLUSTER.exec(cluster);
  const host = parsed ? parsed[2] : issuer.hostname;
  const port = idpPortOverride ?? (parsed ? Number(parsed[1]) : issuerPort);
  assertLoopback(host, `IdP host of cluster ${cluster}`);
  return { cluster, host, port };
}

type Yaml = Record<string, any>;

function find(list: Yaml[] | undefined, predicate: (item: Yaml) => boolean, what: string): Yaml {
  const found = (list ?? []).find(predicate);
  if (!found) throw new Error(`${canonicalEnvoyYaml} no longer has ${what}; update tests/e2e/harness/envoy-config.ts`);
  return found;
}

function pointClusterAt(cluster: Yaml, name: string, host: string, port: number): void {
  cluster.name = name;
  cluster.load_assignment = {
    cluster_name: name,
    endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: host, port_value: port } } } }] }],
  };
}

/** Reads envoy/envoy.yaml and returns the bootstrap object for `layout` (serialize it as JSON). */
export function buildEnvoyBootstrap(layout: EnvoyLayout, yamlPath = canonicalEnvoyYaml): Yaml {
  const bootstrap = load(readFileSync(yamlPath, "utf8")) as Yaml;

  bootstrap.admin.address.socket_address = { address: "127.0.0.1", port_value: layout.adminPort };

  const listeners: Yaml[] = bootstrap.static_resources.listeners;
  const gateway = find(listeners, (l) => l.name === "gateway", 'the listener "gateway"');
  gateway.address.socket_address = { address: "127.0.0.1", port_value: layout.listenerPort };
  const hcmFilter = find(
    gateway.filter_chains?.[0]?.filters,
    (f) => f.name === "envoy.filters.network.http_connection_manager",
    "an HttpConnectionManager on the gateway",
  );
  const hcm = hcmFilter.typed_config;
  if (layout.normalization === "raw") {
    // The filter sees the path exactly as the client sent it (what a gateway without normalization does).
    hcm.normalize_path = false;
    hcm.merge_slashes = false;
    hcm.path_with_escaped_slashes_action = "KEEP_UNCHANGED";
  }

  const wasm = find(hcm.http_filters, (f) => f.name === "envoy.filters.http.wasm", "the wasm http filter");
  wasm.typed_config.config.vm_config.code.local.filename = layout.wasmPath;
  wasm.typed_config.config.configuration.value = JSON.stringify(layout.pluginConfig);

  const clusters: Yaml[] = bootstrap.static_resources.clusters;
  const backend = find(clusters, (c) => c.name === "backend", 'the cluster "backend"');
  pointClusterAt(backend, "backend", "127.0.0.1", layout.backendPort);
  const idp = find(clusters, (c) => typeof c.name === "string" && c.name.startsWith("outbound|"), "an IdP cluster");
  pointClusterAt(idp, layout.idpCluster, layout.idpHost, layout.idpPort);

  return bootstrap;
}

/** The `envoy.wasm.runtime:` extension line must name V8, or the filter could never load. */
export function v8RuntimeListed(log: string): boolean {
  const line = log.split("\n").find((l) => /\]\s+envoy\.wasm\.runtime: /.test(l));
  return line !== undefined && /\benvoy\.wasm\.runtime\.v8\b/.test(line);
}

/** Lines Envoy logged at error or critical level for the wasm component or the plugin. */
export function wasmErrorLines(log: string): string[] {
  return log.split("\n").filter((l) => /\]\[(error|critical)\]\[wasm\]/.test(l) || /\[(error|critical)\].*wasm log/.test(l));
}

/**
 * A plugin configuration for a test: the demo client against `issuer`, callback on `gatewayUrl`, only
 * /productpage protected (so /__echo and the rest pass without login), IdP cluster named Istio's way.
 */
export function demoPluginConfig(issuer: string, gatewayUrl: string, overrides: Partial<PluginConfig> = {}): PluginConfig {
  const idp = new URL(issuer);
  return {
    issuer,
    client_id: "demo-client",
    client_secret: "demo-client-secret-change-me-0123456789",
    redirect_url: `${gatewayUrl}/oauth2/callback`,
    cookie_secret: "harness-cookie-secret-0123456789-abcdefghijklmnop",
    cookie_expire: "168h",
    cookie_refresh: "1h",
    scopes: ["openid", "email", "profile"],
    match: { mode: "auth_if_matched", rules: [{ path: "/productpage", type: "exact" }] },
    idp_cluster: `outbound|${idp.port || (idp.protocol === "https:" ? 443 : 80)}||${idp.hostname}`,
    idp_logout_url: "",
    ...overrides,
  };
}
