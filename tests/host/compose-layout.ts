// Reads envoy/docker-compose.yaml the way Docker Compose resolves it (bind sources relative to the compose
// file's folder, targets inside the container) and envoy/envoy.yaml the way Envoy reads it, so tests can
// hold the two, the realm fixture and the native harness in step without a Docker daemon.
import { readFileSync } from "node:fs";
import { dirname, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const composeFile = resolve(repoRoot, "envoy/docker-compose.yaml");
export const envoyYamlFile = resolve(repoRoot, "envoy/envoy.yaml");

type Yaml = Record<string, any>;

export interface Mount {
  /** Absolute path on the host. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  readOnly: boolean;
}

export interface Service {
  name: string;
  raw: Yaml;
  image: string;
  command: string[];
  workingDir: string;
  mounts: Mount[];
  environment: Record<string, string>;
}

function mountOf(entry: unknown): Mount {
  if (typeof entry === "string") {
    const [source, target, mode] = entry.split(":");
    return { source: resolve(dirname(composeFile), source), target, readOnly: mode === "ro" };
  }
  const m = entry as Yaml;
  if (m.type !== "bind") throw new Error(`only bind mounts are expected, got ${JSON.stringify(m)}`);
  return { source: resolve(dirname(composeFile), m.source), target: m.target, readOnly: m.read_only === true };
}

export function composeServices(): Record<string, Service> {
  const doc = load(readFileSync(composeFile, "utf8")) as Yaml;
  const out: Record<string, Service> = {};
  for (const [name, raw] of Object.entries(doc.services as Record<string, Yaml>)) {
    const env = raw.environment ?? {};
    out[name] = {
      name,
      raw,
      image: raw.image,
      command: Array.isArray(raw.command) ? raw.command.map(String) : String(raw.command ?? "").split(/\s+/).filter(Boolean),
      workingDir: raw.working_dir ?? "/",
      mounts: (raw.volumes ?? []).map(mountOf),
      environment: Array.isArray(env) ? Object.fromEntries(env.map((e: string) => e.split("=", 2))) : env,
    };
  }
  return out;
}

/** A path as a process in the container sees it, relative paths taken from the working directory. */
export function containerPath(service: Service, path: string): string {
  return posix.isAbsolute(path) ? posix.normalize(path) : posix.join(service.workingDir, path);
}

/** The host file behind a container path (through the service's bind mounts), or undefined. */
export function hostPathOf(service: Service, path: string): string | undefined {
  const inContainer = containerPath(service, path);
  for (const m of service.mounts) {
    if (inContainer === m.target) return m.source;
    if (inContainer.startsWith(`${m.target}/`)) return resolve(m.source, posix.relative(m.target, inContainer));
  }
  return undefined;
}

/** The value of `--name=value` (or `--name value`) in a command line. */
export function flag(command: string[], name: string): string | undefined {
  for (let i = 0; i < command.length; i++) {
    if (command[i].startsWith(`${name}=`)) return command[i].slice(name.length + 1);
    if (command[i] === name) return command[i + 1];
  }
  return undefined;
}

export interface EnvoyView {
  bootstrap: Yaml;
  listenerPort: number;
  adminPort: number;
  wasmFilename: string;
  pluginConfig: Yaml;
  rootId: string;
  clusters: Record<string, { host: string; port: number }>;
}

/** What envoy/envoy.yaml says: ports, the wasm file, the plugin configuration, the clusters. */
export function envoyView(file = envoyYamlFile): EnvoyView {
  const bootstrap = load(readFileSync(file, "utf8")) as Yaml;
  const [listener] = bootstrap.static_resources.listeners;
  const hcm = listener.filter_chains[0].filters.find((f: Yaml) => f.name === "envoy.filters.network.http_connection_manager").typed_config;
  const wasm = hcm.http_filters.find((f: Yaml) => f.name === "envoy.filters.http.wasm").typed_config.config;
  const clusters: EnvoyView["clusters"] = {};
  for (const c of bootstrap.static_resources.clusters) {
    const address = c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
    clusters[c.name] = { host: address.address, port: address.port_value };
  }
  return {
    bootstrap,
    listenerPort: listener.address.socket_address.port_value,
    adminPort: bootstrap.admin.address.socket_address.port_value,
    wasmFilename: wasm.vm_config.code.local.filename,
    pluginConfig: JSON.parse(wasm.configuration.value),
    rootId: wasm.root_id,
    clusters,
  };
}
