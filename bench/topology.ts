// The benchmark's one Envoy: the canonical envoy/envoy.yaml (through the e2e harness) rewritten into five
// loopback listeners on one worker thread.
//
//   (a) passthrough  ─┐
//   (b) native oauth2 ─┼─► cluster "backend" ─► (backend) listener: direct_response 200, fixed body
//   (c) oidc-sso.wasm ─┘        (the canonical "gateway" listener, unchanged apart from its plugin config)
//   (d) oidc-sso.wasm against the stub IdP: only for the per-login cost, never under wrk
//   optional: more listeners like (c) with other modules: the floor (bench/noop, an empty proxy-runtime
//   filter) and builds being compared (bench/run.ts --variant)
//
// The backend is a fifth listener of the same Envoy answering with direct_response: a Node server on this
// 2-core machine would be the bottleneck (and would share a core with wrk or Envoy). It costs every request of
// (a), (b) and (c) the same, so it dilutes the throughput ratios but not the per-request differences in µs.
// (a) and (b) copy (c)'s HttpConnectionManager (normalization, use_remote_address) and only swap its filters.

/** Listener ports and the IdP endpoints the listeners need. */
export interface BenchPorts {
  passthrough: number;
  oauth2: number;
  wasm: number;
  loginWasm: number;
  backend: number;
  /** oidc-provider (the IdP of (b) and (c)). */
  idpPort: number;
  /** The instant stub IdP of (d). */
  stubPort: number;
}

/** A further listener like (c) with another module (the floor, or a build being compared). */
export interface ExtraWasmListener {
  name: string;
  port: number;
  wasmPath: string;
  /** The plugin configuration (JSON text): (c)'s, so that (c)'s session cookie opens there too. */
  configuration: string;
}

/** What the native OAuth2 filter needs from oidc-provider (discovery gives the endpoints). */
export interface NativeOAuth2Settings {
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

export const BACKEND_BODY = "<!DOCTYPE html><html><body><p>backend</p></body></html>\n";
export const NATIVE_CALLBACK_PATH = "/callback";
export const NATIVE_SIGNOUT_PATH = "/signout";
export const STUB_CLUSTER = (port: number) => `outbound|${port}||127.0.0.1`;
const IDP_NATIVE_CLUSTER = "idp_native";
const HMAC_SECRET_NAME = "oauth2-hmac";
const TOKEN_SECRET_NAME = "oauth2-token";

type Yaml = Record<string, any>;

function staticCluster(name: string, port: number): Yaml {
  return {
    name,
    type: "STATIC",
    connect_timeout: "2s",
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: port } } } }] }],
    },
  };
}

function hcmOf(listener: Yaml): Yaml {
  return listener.filter_chains[0].filters.find((f: Yaml) => f.name === "envoy.filters.network.http_connection_manager").typed_config;
}

/** A copy of `template` on `port` with its own stat prefix and http_filters. */
function variant(template: Yaml, name: string, port: number, httpFilters: Yaml[]): Yaml {
  const copy = structuredClone(template);
  copy.name = name;
  copy.address.socket_address = { address: "127.0.0.1", port_value: port };
  const hcm = hcmOf(copy);
  hcm.stat_prefix = name;
  hcm.http_filters = httpFilters;
  return copy;
}

function nativeOAuth2Filter(ports: BenchPorts, s: NativeOAuth2Settings): Yaml {
  return {
    name: "envoy.filters.http.oauth2",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.oauth2.v3.OAuth2",
      config: {
        token_endpoint: { cluster: IDP_NATIVE_CLUSTER, uri: s.tokenEndpoint, timeout: "5s" },
        authorization_endpoint: s.authorizationEndpoint,
        redirect_uri: `http://127.0.0.1:${ports.oauth2}${NATIVE_CALLBACK_PATH}`,
        redirect_path_matcher: { path: { exact: NATIVE_CALLBACK_PATH } },
        signout_path: { path: { exact: NATIVE_SIGNOUT_PATH } },
        credentials: {
          client_id: s.clientId,
          token_secret: { name: TOKEN_SECRET_NAME },
          hmac_secret: { name: HMAC_SECRET_NAME },
        },
        auth_type: "BASIC_AUTH",
        auth_scopes: ["openid", "email", "profile"],
        forward_bearer_token: true,
        // Like our filter's cookie_refresh: refresh tokens are kept and used when the access token expires.
        use_refresh_token: true,
      },
    },
  };
}

/**
 * The editBootstrap hook for startEnvoy: adds (a), (b), (d) and the backend listener, the clusters of the
 * two IdPs and the static secrets of the native filter. (c) is the harness's own "gateway" listener.
 */
export function benchBootstrap(ports: BenchPorts, native: NativeOAuth2Settings, loginPluginConfig: Record<string, unknown>,
  extra: ExtraWasmListener[] = []) {
  return (bootstrap: Yaml): void => {
    const listeners: Yaml[] = bootstrap.static_resources.listeners;
    const gateway = listeners.find((l) => l.name === "gateway")!;
    const gatewayHcm = hcmOf(gateway);
    gatewayHcm.stat_prefix = "wasm";
    const wasmFilter = gatewayHcm.http_filters.find((f: Yaml) => f.name === "envoy.filters.http.wasm");
    const router = gatewayHcm.http_filters.find((f: Yaml) => f.name === "envoy.filters.http.router");

    const loginWasm = structuredClone(wasmFilter);
    // Its own VM, so that logins never share a VM (or a root context id space) with (c).
    loginWasm.typed_config.config.vm_config.vm_id = "oidc-sso-login";
    loginWasm.typed_config.config.configuration.value = JSON.stringify(loginPluginConfig);

    const backend = variant(gateway, "backend", ports.backend, [router]);
    const backendHcm = hcmOf(backend);
    backendHcm.route_config = {
      name: "backend",
      virtual_hosts: [{
        name: "backend",
        domains: ["*"],
        routes: [{
          match: { prefix: "/" },
          direct_response: { status: 200, body: { inline_string: BACKEND_BODY } },
          response_headers_to_add: [{ header: { key: "content-type", value: "text/html; charset=utf-8" } }],
        }],
      }],
    };

    listeners.push(
      variant(gateway, "passthrough", ports.passthrough, [router]),
      variant(gateway, "oauth2", ports.oauth2, [nativeOAuth2Filter(ports, native), router]),
      variant(gateway, "login", ports.loginWasm, [loginWasm, router]),
      backend,
    );

    for (const x of extra) {
      const filter = structuredClone(wasmFilter);
      filter.typed_config.config.vm_config.vm_id = `oidc-sso-${x.name}`;
      filter.typed_config.config.vm_config.code.local.filename = x.wasmPath;
      filter.typed_config.config.configuration.value = x.configuration;
      listeners.push(variant(gateway, x.name, x.port, [filter, router]));
    }

    const clusters: Yaml[] = bootstrap.static_resources.clusters;
    clusters.push(staticCluster(IDP_NATIVE_CLUSTER, ports.idpPort), staticCluster(STUB_CLUSTER(ports.stubPort), ports.stubPort));

    // Inline static secrets (a benchmark's own throwaway values); SDS by name finds them.
    bootstrap.static_resources.secrets = [
      { name: TOKEN_SECRET_NAME, generic_secret: { secret: { inline_string: native.clientSecret } } },
      { name: HMAC_SECRET_NAME, generic_secret: { secret: { inline_string: "bench-hmac-secret-0123456789abcdef0123456789" } } },
    ];
  };
}
