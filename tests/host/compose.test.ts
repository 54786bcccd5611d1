// envoy/docker-compose.yaml cannot run here (no Docker daemon), so this keeps it in lockstep with what does
// run: the same envoy/envoy.yaml and build/oidc-sso.wasm mounted where Envoy looks for them, the ports of
// the native harness and `npm start`, Keycloak on the IdP cluster's port with the realm fixture the e2e tests
// import, a plugin configuration the built filter accepts and whose issuer, client and redirect URIs are
// the realm's, and a backend command that really starts the harness's echo backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { composeServices, containerPath, envoyView, flag, hostPathOf, repoRoot, envoyYamlFile } from "./compose-layout.ts";
import { validateWithFilter } from "../../tools/render/filter-validator.ts";
import { canonicalEnvoyYaml } from "../e2e/harness/envoy-config.ts";
import { REALM_FILE, KEYCLOAK_REALM, KEYCLOAK_CLIENT } from "../e2e/harness/keycloak.ts";
import { freePort, waitUntil } from "../e2e/harness/processes.ts";

const services = composeServices();
const envoy = envoyView();
const realm = JSON.parse(readFileSync(resolve(repoRoot, "tests/fixtures/keycloak-realm.json"), "utf8"));
const realmClient = realm.clients.find((c: any) => c.clientId === envoy.pluginConfig.client_id);
const keycloakPort = Number(flag(services.keycloak.command, "--http-port"));
/** The loopback ports of scripts/demo.ts (npm start), by its environment variable. */
function demoDefault(name: string): number {
  const m = new RegExp(`${name} \\?\\? (\\d+)`).exec(readFileSync(resolve(repoRoot, "scripts/demo.ts"), "utf8"));
  assert.ok(m, `scripts/demo.ts no longer defaults ${name}`);
  return Number(m[1]);
}
/** A Keycloak redirect-URI pattern: "*" at the end or as the port matches anything there. */
function keycloakAllows(patterns: string[], uri: string): boolean {
  return patterns.some((p) => new RegExp(`^${p.split("*").map((s) => s.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&")).join(".*")}$`).test(uri));
}

test("every service shares the host network, so envoy.yaml's loopback addresses are the real ones", () => {
  assert.deepEqual(Object.keys(services).sort(), ["backend", "envoy", "keycloak"]);
  for (const s of Object.values(services)) assert.equal(s.raw.network_mode, "host", s.name);
});

test("Envoy is the official 1.40 image, the version the native harness installs", () => {
  const installed = /ENVOY_VERSION="([\d.]+)"/.exec(readFileSync(resolve(repoRoot, "scripts/install-system.sh"), "utf8"))?.[1];
  assert.equal(services.envoy.image, `envoyproxy/envoy:v${installed}`);
});

test("Envoy reads the canonical envoy/envoy.yaml and loads build/oidc-sso.wasm, both mounted read-only where it looks", () => {
  const e = services.envoy;
  assert.equal(e.command[0], "envoy");
  assert.ok(e.command.includes("--disable-hot-restart"));
  const configPath = flag(e.command, "-c");
  assert.ok(configPath, "envoy -c <config>");
  assert.equal(hostPathOf(e, configPath), envoyYamlFile, "the config Envoy reads is envoy/envoy.yaml itself");
  assert.equal(envoyYamlFile, resolve(canonicalEnvoyYaml), "and that is the file the e2e harness rewrites");
  assert.equal(hostPathOf(e, envoy.wasmFilename), resolve(repoRoot, "build/oidc-sso.wasm"),
    `envoy.yaml's ${envoy.wasmFilename}, from ${e.workingDir}, is the mounted release module`);
  for (const m of e.mounts) assert.equal(m.readOnly, true, `${m.target} is read-only`);
  assert.equal(e.raw.volumes.find((v: any) => v.target === containerPath(e, envoy.wasmFilename)).bind?.create_host_path, false,
    "a missing build fails instead of mounting an empty directory");
});

test("listener 8080, admin 9901, backend 8081 and IdP 9000, as in the native harness and npm start", () => {
  assert.equal(envoy.listenerPort, demoDefault("GATEWAY_PORT"));
  assert.equal(envoy.adminPort, demoDefault("ADMIN_PORT"));
  assert.equal(envoy.clusters.backend.port, demoDefault("BACKEND_PORT"));
  assert.deepEqual([envoy.listenerPort, envoy.adminPort, envoy.clusters.backend.port], [8080, 9901, 8081]);
  assert.equal(Number(services.backend.environment.BACKEND_PORT), envoy.clusters.backend.port, "the backend listens where the cluster points");
  const idp = envoy.clusters[envoy.pluginConfig.idp_cluster];
  assert.ok(idp, `envoy.yaml has the plugin's idp_cluster ${envoy.pluginConfig.idp_cluster}`);
  assert.equal(idp.port, demoDefault("IDP_PORT"));
  assert.equal(idp.port, 9000);
  assert.equal(keycloakPort, idp.port, "Keycloak listens on the IdP cluster's port");
  assert.equal(flag(services.keycloak.command, "--http-host"), idp.host);
  const management = Number(flag(services.keycloak.command, "--http-management-port"));
  assert.ok(![envoy.listenerPort, envoy.adminPort, envoy.clusters.backend.port, keycloakPort].includes(management),
    "Keycloak's management port (default 9000) collides with no other port");
});

test("the plugin configuration in envoy.yaml targets this Keycloak: issuer, Istio-named cluster, realm client", () => {
  const cfg = envoy.pluginConfig;
  assert.equal(envoy.rootId, "oidc-sso");
  assert.equal(cfg.issuer, `http://127.0.0.1:${keycloakPort}/realms/${realm.realm}`);
  assert.equal(realm.realm, KEYCLOAK_REALM);
  assert.equal(cfg.idp_cluster, `outbound|${keycloakPort}||127.0.0.1`);
  assert.ok(realmClient, `the realm has the client ${cfg.client_id}`);
  assert.equal(cfg.client_secret, realmClient.secret);
  assert.equal(cfg.client_id, KEYCLOAK_CLIENT.client_id);
  assert.equal(new URL(cfg.redirect_url).origin, `http://127.0.0.1:${envoy.listenerPort}`, "the callback is on the gateway");
  assert.ok(keycloakAllows(realmClient.redirectUris, cfg.redirect_url), `${cfg.redirect_url} is a registered redirect URI`);
  const postLogout = String(realmClient.attributes["post.logout.redirect.uris"]).split("##");
  assert.ok(keycloakAllows(postLogout, cfg.post_logout_redirect_url), `${cfg.post_logout_redirect_url} is a registered post-logout URI`);
});

test("the plugin configuration in envoy.yaml is accepted by the built filter", async () => {
  const verdict = await validateWithFilter(envoy.pluginConfig);
  assert.deepEqual(verdict.problems, []);
  assert.equal(verdict.accepted, true);
});

test("Keycloak imports the realm fixture of the e2e tests, at the version the harness runs", () => {
  const k = services.keycloak;
  assert.ok(k.command.includes("start-dev") && k.command.includes("--import-realm"));
  const realmMount = k.mounts.find((m) => m.target.startsWith("/opt/keycloak/data/import/"));
  assert.ok(realmMount && realmMount.target.endsWith(".json"), "a realm file in Keycloak's import folder");
  assert.equal(realmMount.source, resolve(REALM_FILE));
  const harnessVersion = /KEYCLOAK_VERSION ?\?\? ?"([\d.]+)"/.exec(readFileSync(resolve(repoRoot, "tests/e2e/harness/keycloak.ts"), "utf8"))?.[1];
  assert.equal(k.image, `quay.io/keycloak/keycloak:${harnessVersion}`);
});

test("the backend command starts the harness's echo backend on BACKEND_PORT", async () => {
  const b = services.backend;
  assert.match(b.image, /^node:(2[4-9]|[3-9]\d)/, "a Node that strips TypeScript types by itself");
  const script = b.command[b.command.indexOf("-e") + 1];
  const imported = /import\("([^"]+)"\)/.exec(script)?.[1];
  assert.ok(imported, "the script imports the backend module");
  assert.equal(hostPathOf(b, imported), resolve(repoRoot, "tests/e2e/harness/backend.ts"));

  // Run the very script in the container's layout. Node 20 here cannot strip types, so tsx stands in.
  const root = mkdtempSync(join(tmpdir(), "oidc-sso-compose-"));
  const cwd = join(root, b.workingDir);
  for (const m of b.mounts) {
    mkdirSync(dirname(join(root, m.target)), { recursive: true });
    symlinkSync(m.source, join(root, m.target));
  }
  mkdirSync(cwd, { recursive: true });
  const port = await freePort();
  const args = b.command.slice(1);
  const child = spawn("node", ["--import", import.meta.resolve("tsx"), ...args], {
    cwd, env: { ...process.env, ...b.environment, BACKEND_PORT: String(port) }, stdio: "ignore",
  });
  try {
    const body = await waitUntil("the compose backend", async () => {
      const r = await fetch(`http://127.0.0.1:${port}/__echo`, { headers: { authorization: "Bearer x" } });
      return r.ok ? await r.json() : undefined;
    }, { timeoutMs: 15_000, intervalMs: 100, abort: () => (child.exitCode !== null ? `exited with ${child.exitCode}` : undefined) });
    assert.equal(body.path, "/__echo");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    rmSync(root, { recursive: true, force: true });
  }
});
