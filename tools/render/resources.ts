// The Istio resources for one gateway, from a parsed sso.yaml (sso-file.ts). API versions are the ones
// @kubernetes-models/istio validates (tests/host/render.test.ts), which current Istio releases serve.
import { PLUGIN_NAME } from "./filter-validator.ts";
import type { IdpEndpoint, ImageSpec, SsoFile } from "./sso-file.ts";

export const WASM_PLUGIN_API = "extensions.istio.io/v1alpha1";
export const NETWORKING_API = "networking.istio.io/v1beta1";
export const SECURITY_API = "security.istio.io/v1";

type Resource = Record<string, unknown>;

function meta(name: string, namespace: string): Resource {
  return { name, namespace };
}

export function wasmPlugin(sso: SsoFile, image: ImageSpec): Resource {
  return {
    apiVersion: WASM_PLUGIN_API,
    kind: "WasmPlugin",
    metadata: meta(sso.name, sso.namespace),
    spec: {
      selector: { matchLabels: sso.selector },
      url: image.url,
      ...(image.sha256 ? { sha256: image.sha256 } : {}),
      imagePullPolicy: image.pullPolicy,
      ...(image.pullSecret ? { imagePullSecret: image.pullSecret } : {}),
      // Istio passes pluginName to Envoy as root_id; the filter's root context is registered under it.
      pluginName: PLUGIN_NAME,
      // Before Istio's own authentication filters, so a RequestAuthentication sees the forwarded ID token.
      phase: "AUTHN",
      // A module that fails to load or crashes answers 503; never let requests through unauthenticated.
      failStrategy: "FAIL_CLOSE",
      pluginConfig: sso.pluginConfig,
    },
  };
}

/**
 * Makes the IdP host known to the gateway, which creates the cluster outbound|<port>||<host> that the
 * filter's calls use. exportTo ".": only proxies of this namespace see it, so no sidecar elsewhere gets
 * its traffic to the IdP re-encrypted by the DestinationRule below.
 */
export function serviceEntry(sso: SsoFile, idp: IdpEndpoint): Resource {
  return {
    apiVersion: NETWORKING_API,
    kind: "ServiceEntry",
    metadata: meta(`${sso.name}-idp`, sso.namespace),
    spec: {
      hosts: [idp.host],
      exportTo: ["."],
      location: "MESH_EXTERNAL",
      resolution: "DNS",
      ports: [{ number: idp.port, name: idp.tls ? "https" : "http", protocol: idp.tls ? "HTTPS" : "HTTP" }],
    },
  };
}

/**
 * The filter speaks plain HTTP to the cluster; this originates TLS to the IdP and pins its name: SNI and
 * the certificate's subject alternative name must both be the IdP host.
 */
export function destinationRule(sso: SsoFile, idp: IdpEndpoint): Resource {
  return {
    apiVersion: NETWORKING_API,
    kind: "DestinationRule",
    metadata: meta(`${sso.name}-idp`, sso.namespace),
    spec: {
      host: idp.host,
      exportTo: ["."],
      trafficPolicy: { tls: { mode: "SIMPLE", sni: idp.host, subjectAltNames: [idp.host] } },
    },
  };
}

/**
 * Optional: the gateway verifies the ID token the filter forwards once more, against the same issuer.
 * forwardOriginalToken keeps it in Authorization for the backends (Istio removes it otherwise).
 */
export function requestAuthentication(sso: SsoFile, idp: IdpEndpoint | null): Resource {
  const rule: Resource = {
    issuer: sso.pluginConfig.issuer,
    audiences: [sso.pluginConfig.client_id],
    forwardOriginalToken: true,
  };
  if (idp?.jwksUri) rule.jwksUri = idp.jwksUri;
  return {
    apiVersion: SECURITY_API,
    kind: "RequestAuthentication",
    metadata: meta(sso.name, sso.namespace),
    spec: { selector: { matchLabels: sso.selector }, jwtRules: [rule] },
  };
}

/** Every resource for `sso`: the plugin, the IdP's ServiceEntry, its DestinationRule (TLS only) and the optional check. */
export function resourcesFor(sso: SsoFile): Resource[] {
  if (sso.image === null || sso.idp === null) throw new Error("resourcesFor needs an image and an IdP endpoint");
  // The order of wasmplugin.yaml. Until the ServiceEntry exists the filter's calls fail and it retries.
  const out: Resource[] = [wasmPlugin(sso, sso.image), serviceEntry(sso, sso.idp)];
  if (sso.idp.tls) out.push(destinationRule(sso, sso.idp));
  if (sso.requestAuthentication) out.push(requestAuthentication(sso, sso.idp));
  return out;
}
