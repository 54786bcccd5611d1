// npm run image: the OCI image of the filter, pushed to a real registry (Debian's docker-registry on a free
// loopback port) with skopeo and pulled back, is what Istio's WasmPlugin fetcher reads: one
// tar+gzip layer whose plugin.wasm is byte for byte the module we built, the compat annotation, and the
// digest the tool printed is the one the registry serves (what WasmPlugin.sha256 is checked against).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extract } from "tar";
import { freePort, httpGet, spawnTracked, tail, waitUntil, type TrackedProcess } from "./harness/processes.ts";
import { repoRoot } from "./harness/envoy-config.ts";
import { LAYER_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, PLUGIN_FILE, VARIANT, VARIANT_KEY } from "../../tools/image/oci-layout.ts";

const REGISTRY = "/usr/bin/docker-registry";
const WASM = join(repoRoot, "build/oidc-sso.wasm");
const missing = [REGISTRY, WASM].filter((p) => !existsSync(p));
if (spawnSync("skopeo", ["--version"]).status !== 0) missing.push("skopeo");
const skip = missing.length > 0 ? `needs ${missing.join(", ")} (apt-get install docker-registry skopeo; npm run build)` : false;

const work = mkdtempSync(join(tmpdir(), "oidc-sso-image-test-"));
let registry: TrackedProcess | undefined;
let registryHost = "";

/** scripts/image.ts as `npm run image -- <args>` runs it; returns the one stdout line (the digest). */
function runImage(args: string[]): string {
  const r = spawnSync("node", ["--import", "tsx", "scripts/image.ts", ...args], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(r.status, 0, `scripts/image.ts ${args.join(" ")} failed:\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 1, `stdout must be the digest alone, got:\n${r.stdout}`);
  assert.match(lines[0], /^sha256:[0-9a-f]{64}$/);
  return lines[0];
}

function blob(layout: string, digest: string): Buffer {
  return readFileSync(join(layout, "blobs", "sha256", digest.replace(/^sha256:/, "")));
}

/** The manifest and the plugin.wasm Istio would extract from an OCI layout (its last tar+gzip layer). */
function unpack(layout: string): { manifest: any; plugin: Buffer } {
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8"));
  assert.equal(index.manifests.length, 1);
  const manifest = JSON.parse(blob(layout, index.manifests[0].digest).toString("utf8"));
  const layer = manifest.layers[manifest.layers.length - 1];
  const dir = mkdtempSync(join(work, "layer-"));
  const file = join(dir, "layer.tar.gz");
  writeFileSync(file, blob(layout, layer.digest));
  extract({ file, cwd: dir, sync: true });
  return { manifest, plugin: readFileSync(join(dir, PLUGIN_FILE)) };
}

before(async () => {
  if (skip) return;
  const port = await freePort();
  registryHost = `127.0.0.1:${port}`;
  const config = join(work, "config.yml");
  writeFileSync(config, [
    "version: 0.1",
    "log:", "  level: warn",
    "storage:", "  filesystem:", `    rootdirectory: ${join(work, "registry")}`,
    "http:", `  addr: ${registryHost}`,
    "",
  ].join("\n"));
  const logFile = join(work, "registry.log");
  registry = spawnTracked(REGISTRY, ["serve", config], { logFile });
  await waitUntil(`docker-registry at ${registryHost}`, async () => ((await httpGet(`http://${registryHost}/v2/`)).status === 200 ? true : undefined), {
    timeoutMs: 20_000,
    intervalMs: 100,
    abort: () => (registry!.hasExited() ? `it exited:\n${tail(readFileSync(logFile, "utf8"))}` : undefined),
  });
});

after(async () => {
  await registry?.stop(5_000);
  rmSync(work, { recursive: true, force: true });
});

test("the image pushed to a registry and pulled back carries exactly the built module, under the printed digest", { skip }, async () => {
  // A snapshot: other work may rebuild build/oidc-sso.wasm while this test runs.
  const wasm = join(work, "oidc-sso.wasm");
  copyFileSync(WASM, wasm);
  const ref = `${registryHost}/envoy-oidc-sso:e2e`;
  const digest = runImage(["--push", ref, "--out", join(work, "layout"), "--wasm", wasm]);

  const head = await fetch(`http://${registryHost}/v2/envoy-oidc-sso/manifests/e2e`, {
    method: "HEAD",
    headers: { accept: MANIFEST_MEDIA_TYPE },
  });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("docker-content-digest"), digest, "the printed digest is the one the registry serves");
  assert.equal(head.headers.get("content-type"), MANIFEST_MEDIA_TYPE);

  const pulled = join(work, "pulled");
  const copy = spawnSync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", `docker://${ref}`, `oci:${pulled}:e2e`], { encoding: "utf8" });
  assert.equal(copy.status, 0, copy.stderr);
  const { manifest, plugin } = unpack(pulled);
  assert.equal(manifest.layers.length, 1, "compat variant: exactly one layer");
  assert.equal(manifest.layers[0].mediaType, LAYER_MEDIA_TYPE);
  assert.equal(manifest.annotations?.[VARIANT_KEY], VARIANT);
  assert.ok(plugin.equals(readFileSync(wasm)), "plugin.wasm is byte-identical to the module that was built");
});

test("the image is reproducible: the same module always gives the same digest", { skip }, () => {
  const wasm = join(work, "snapshot.wasm");
  copyFileSync(WASM, wasm);
  const a = runImage(["--out", join(work, "a"), "--wasm", wasm]);
  const b = runImage(["--out", join(work, "b"), "--wasm", wasm]);
  assert.equal(a, b);
});

test("without --wasm the layer holds the release module, build/oidc-sso.wasm", { skip }, () => {
  runImage(["--out", join(work, "default")]);
  const { plugin } = unpack(join(work, "default"));
  assert.equal(plugin.subarray(0, 4).toString("hex"), "0061736d", "a WebAssembly module");
  assert.ok(plugin.equals(readFileSync(WASM)), "plugin.wasm is build/oidc-sso.wasm (unless it was rebuilt just now)");
});

test("a bad registry reference is refused before anything is written", { skip }, () => {
  const out = join(work, "never");
  const r = spawnSync("node", ["--import", "tsx", "scripts/image.ts", "--push", "no-registry-here", "--out", out], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a registry reference/);
  assert.equal(r.stdout, "");
  assert.equal(existsSync(out), false);
});
