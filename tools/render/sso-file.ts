// The one simple file a user fills in (tests/fixtures/sso.yaml is an example): the filter's settings plus
// what the Istio resources need (image, namespace, gateway selector, IdP host and port).
//
// This module only sorts and shapes that file. Every key it does not own passes through verbatim to
// `pluginConfig`, where the built filter's own validator judges it (filter-validator.ts): unknown keys,
// bad URLs, weak secrets, bad durations and match rules are the filter's business, not a second
// validator's here. What is checked here is only what the filter never sees.
import { load } from "js-yaml";
import type { Problem } from "./filter-validator.ts";

export interface IdpEndpoint {
  host: string;
  port: number;
  /** The calls leave the gateway over TLS (DestinationRule tls.mode SIMPLE). */
  tls: boolean;
  /** For the RequestAuthentication; istiod discovers it from the issuer when absent. */
  jwksUri?: string;
}

export interface ImageSpec {
  url: string;
  /** Hex manifest digest, without "sha256:" (what WasmPlugin.spec.sha256 is compared with). */
  sha256?: string;
  pullPolicy: "IfNotPresent" | "Always";
  pullSecret?: string;
}

export interface SsoFile {
  /** metadata.name of the WasmPlugin; the IdP's ServiceEntry and DestinationRule are "<name>-idp". */
  name: string;
  namespace: string;
  selector: Record<string, string>;
  /** null when the image: section is missing or unusable (a problem says so). */
  image: ImageSpec | null;
  /** null when the issuer is unusable and no idp: section says where the IdP is (the filter reports it). */
  idp: IdpEndpoint | null;
  requestAuthentication: boolean;
  /** The filter's configuration, idp_cluster (and redirect_url from host:) filled in. */
  pluginConfig: Record<string, unknown>;
  /** Plugin fields this file did not state but derived, with where from (for error messages). */
  derivedFrom: Record<string, string>;
}

/** The keys that belong to rendering; every other key is a filter setting. */
const RENDER_KEYS = ["name", "namespace", "gateway", "image", "idp", "host", "callback_path", "request_authentication"];
const DEFAULT_CALLBACK_PATH = "/oauth2/callback";
/** RFC 1123 label: what Kubernetes accepts as a namespace name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** RFC 1123 subdomain: what Kubernetes accepts as an object name. */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HOST_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;
const IMAGE_SCHEMES = ["oci://", "https://", "http://", "file://"];

type Yaml = Record<string, unknown>;

function isMap(v: unknown): v is Yaml {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class Reader {
  readonly problems: Problem[] = [];
  add(field: string, problem: string): void {
    this.problems.push({ field, problem });
  }
  /** A string or undefined; anything else is a problem. */
  optionalString(map: Yaml, key: string, field = key): string | undefined {
    const v = map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || v.length === 0) {
      this.add(field, "must be a non-empty string");
      return undefined;
    }
    return v;
  }
  unknownKeys(map: Yaml, known: string[], prefix: string): void {
    for (const k of Object.keys(map)) if (!known.includes(k)) this.add(`${prefix}.${k}`, "is not a known setting");
  }
}

function readImage(r: Reader, raw: unknown): ImageSpec | null {
  if (raw === undefined || raw === null) {
    r.add("image", "is required: image.url, the OCI image `npm run image -- --push` printed (with image.sha256)");
    return null;
  }
  const map: Yaml = typeof raw === "string" ? { url: raw } : isMap(raw) ? raw : {};
  if (!isMap(raw) && typeof raw !== "string") r.add("image", "must be a URL or a mapping with url and sha256");
  r.unknownKeys(map, ["url", "sha256", "pull_policy", "pull_secret"], "image");
  let url = r.optionalString(map, "url", "image.url");
  if (url === undefined && isMap(raw)) r.add("image.url", "is required");
  if (url !== undefined && !url.includes("://")) url = `oci://${url}`;
  if (url !== undefined && !IMAGE_SCHEMES.some((s) => url!.startsWith(s))) {
    r.add("image.url", `must start with ${IMAGE_SCHEMES.join(", ")} (or be a registry reference)`);
  }
  let sha256 = r.optionalString(map, "sha256", "image.sha256");
  if (sha256 !== undefined) {
    sha256 = sha256.replace(/^sha256:/, "").toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) r.add("image.sha256", "must be a sha256 digest (64 hex digits, \"sha256:\" optional)");
  }
  const policy = r.optionalString(map, "pull_policy", "image.pull_policy") ?? "IfNotPresent";
  if (policy !== "IfNotPresent" && policy !== "Always") r.add("image.pull_policy", "must be IfNotPresent or Always");
  const pullSecret = r.optionalString(map, "pull_secret", "image.pull_secret");
  if (url === undefined) return null;
  return { url, sha256, pullPolicy: policy === "Always" ? "Always" : "IfNotPresent", pullSecret };
}

function readSelector(r: Reader, raw: unknown): Record<string, string> {
  const fallback = { istio: "ingressgateway" };
  if (raw === undefined || raw === null) return fallback;
  if (!isMap(raw)) {
    r.add("gateway", "must be a mapping with selector");
    return fallback;
  }
  r.unknownKeys(raw, ["selector"], "gateway");
  const sel = raw.selector;
  if (sel === undefined || sel === null) return fallback;
  // An empty selector would put the login flow on every workload of the namespace.
  if (!isMap(sel) || Object.keys(sel).length === 0 || Object.values(sel).some((v) => typeof v !== "string")) {
    r.add("gateway.selector", "must be a non-empty mapping of label to value (e.g. istio: ingressgateway)");
    return fallback;
  }
  return sel as Record<string, string>;
}

/** Where the filter's calls go: the idp: section, else the issuer's host and port. */
function readIdp(r: Reader, raw: unknown, issuer: unknown): IdpEndpoint | null {
  let fromIssuer: URL | null = null;
  if (typeof issuer === "string") {
    try {
      const u = new URL(issuer);
      if (u.protocol === "https:" || u.protocol === "http:") fromIssuer = u;
    } catch {
      // The filter reports a bad issuer by name; here it only means nothing can be derived from it.
    }
  }
  const map: Yaml = isMap(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isMap(raw)) r.add("idp", "must be a mapping (host, port, tls, jwks_uri)");
  r.unknownKeys(map, ["host", "port", "tls", "jwks_uri"], "idp");
  const host = r.optionalString(map, "host", "idp.host") ?? fromIssuer?.hostname;
  if (host !== undefined && !HOST_NAME.test(host)) r.add("idp.host", "must be a DNS name (the ServiceEntry host)");
  let tls = fromIssuer ? fromIssuer.protocol === "https:" : true;
  if (map.tls !== undefined) {
    if (typeof map.tls !== "boolean") r.add("idp.tls", "must be true or false");
    else tls = map.tls;
  }
  let port = fromIssuer ? Number(fromIssuer.port || (fromIssuer.protocol === "https:" ? 443 : 80)) : tls ? 443 : 80;
  if (map.port !== undefined) {
    if (typeof map.port !== "number" || !Number.isInteger(map.port) || map.port < 1 || map.port > 65535) {
      r.add("idp.port", "must be a port number (1-65535)");
    } else port = map.port;
  }
  const jwksUri = r.optionalString(map, "jwks_uri", "idp.jwks_uri");
  if (host === undefined) return null;
  return { host, port, tls, jwksUri };
}

/** redirect_url stated, or built from host + callback_path (https: a public gateway serves TLS). */
function readRedirect(r: Reader, doc: Yaml, plugin: Yaml, derivedFrom: Record<string, string>): void {
  const host = r.optionalString(doc, "host");
  const path = r.optionalString(doc, "callback_path");
  if (host === undefined) {
    if (path !== undefined) r.add("callback_path", "needs host (or state the full redirect_url instead)");
    return;
  }
  if (plugin.redirect_url !== undefined) {
    r.add("host", "give either redirect_url or host (+ callback_path), not both");
    return;
  }
  if (host.includes("/") || (host.includes(":") && !/^[^:]+:\d+$/.test(host))) r.add("host", "must be a host name (optionally :port), without scheme or path");
  if (path !== undefined && !path.startsWith("/")) r.add("callback_path", "must start with /");
  plugin.redirect_url = `https://${host}${path ?? DEFAULT_CALLBACK_PATH}`;
  derivedFrom.redirect_url = "host + callback_path";
}

/** Parses the simple file; problems are by field, in this file's terms. */
export function parseSsoFile(text: string): { sso: SsoFile | null; problems: Problem[] } {
  const r = new Reader();
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    r.add("sso.yaml", `is not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    return { sso: null, problems: r.problems };
  }
  if (!isMap(doc)) {
    r.add("sso.yaml", "must be a mapping of settings (see tests/fixtures/sso.yaml)");
    return { sso: null, problems: r.problems };
  }

  const plugin: Yaml = {};
  for (const [k, v] of Object.entries(doc)) if (!RENDER_KEYS.includes(k)) plugin[k] = v;
  const derivedFrom: Record<string, string> = {};
  if (plugin.idp_cluster !== undefined) {
    r.add("idp_cluster", "is derived from idp.host and idp.port, so that it always names the ServiceEntry's cluster; remove it");
    delete plugin.idp_cluster;
  }
  readRedirect(r, doc, plugin, derivedFrom);

  const name = r.optionalString(doc, "name") ?? "oidc-sso";
  if (!DNS_SUBDOMAIN.test(name) || name.length > 59) r.add("name", "must be a lowercase DNS name of at most 59 characters (Kubernetes object name)");
  const namespace = r.optionalString(doc, "namespace") ?? "istio-system";
  if (!DNS_LABEL.test(namespace)) r.add("namespace", "must be a Kubernetes namespace name (lowercase letters, digits, -)");
  const selector = readSelector(r, doc.gateway);
  const image = readImage(r, doc.image);
  const idp = readIdp(r, doc.idp, plugin.issuer);
  let requestAuthentication = false;
  if (doc.request_authentication !== undefined && doc.request_authentication !== null) {
    if (typeof doc.request_authentication !== "boolean") r.add("request_authentication", "must be true or false");
    else requestAuthentication = doc.request_authentication;
  }
  if (idp !== null) {
    // Istio's name for the cluster a ServiceEntry creates: outbound|<port>|<subset>|<host>.
    plugin.idp_cluster = `outbound|${idp.port}||${idp.host}`;
    derivedFrom.idp_cluster = doc.idp === undefined ? "the issuer's host and port" : "idp.host and idp.port";
  }
  return {
    sso: { name, namespace, selector, image, idp, requestAuthentication, pluginConfig: plugin, derivedFrom },
    problems: r.problems,
  };
}
