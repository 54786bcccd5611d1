// The filter as an OCI image that Istio's WasmPlugin pulls, built without Docker: an OCI image layout on
// disk (https://github.com/opencontainers/image-spec/blob/main/image-layout.md) in the Wasm image spec's
// "compat" variant (solo-io/wasm spec/spec-compat.md): exactly ONE layer of media type
// application/vnd.oci.image.layer.v1.tar+gzip holding plugin.wasm, and the manifest annotation
// module.wasm.image/variant=compat. Istio's fetcher (pkg/wasm/imagefetcher.go, extractOCIStandardImage)
// takes the last layer of that media type and reads the entry named plugin.wasm out of it.
//
// The build is reproducible: fixed mtime, no owner or host metadata, fixed file mode, deterministic gzip
// and JSON. The same .wasm always gives the same manifest digest, so a digest pinned in WasmPlugin.sha256
// can be checked by rebuilding.
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { create as createTar } from "tar";

export const MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
export const INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
export const CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
/** The only layer media type of the compat variant that Istio reads from an OCI manifest. */
export const LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
export const VARIANT_KEY = "module.wasm.image/variant";
export const VARIANT = "compat";
/** The file name Istio's fetcher looks for inside the layer. */
export const PLUGIN_FILE = "plugin.wasm";
/** The name the manifest carries in index.json (skopeo source oci:<dir>:<REF_NAME>). */
export const REF_NAME = "oidc-sso";

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface OciImage {
  dir: string;
  /** sha256:<hex> of the manifest: what a registry reports and WasmPlugin.sha256 pins (as bare hex). */
  manifestDigest: string;
  manifest: { schemaVersion: 2; mediaType: string; config: Descriptor; layers: Descriptor[]; annotations: Record<string, string> };
  layer: Descriptor;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** A tar holding plugin.wasm alone, mode 0644, mtime 0, no owner names or ids. */
function pluginTar(wasm: Uint8Array): Buffer {
  const stage = mkdtempSync(join(tmpdir(), "oidc-sso-image-"));
  try {
    const file = join(stage, PLUGIN_FILE);
    writeFileSync(file, wasm);
    chmodSync(file, 0o644); // independent of the umask
    const tarFile = join(stage, "layer.tar");
    createTar({ cwd: stage, file: tarFile, sync: true, portable: true, mtime: new Date(0) }, [PLUGIN_FILE]);
    return readFileSync(tarFile);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function writeBlob(dir: string, bytes: Uint8Array): string {
  const digest = sha256Digest(bytes);
  writeFileSync(join(dir, "blobs", "sha256", digest.slice("sha256:".length)), bytes);
  return digest;
}

/** Refuses to empty a folder that is not an OCI layout we could have written (or empty). */
function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes("oci-layout")) {
      throw new Error(`${dir} exists and is not an OCI image layout; refusing to overwrite it`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
}

/** Writes the compat-variant image of `wasmPath` as an OCI image layout in `dir` (replacing one there). */
export function writeOciLayout(wasmPath: string, dir: string): OciImage {
  const wasm = readFileSync(wasmPath);
  if (wasm.length < 8 || WASM_MAGIC.some((b, i) => wasm[i] !== b)) throw new Error(`${wasmPath} is not a WebAssembly module`);
  prepareDir(dir);

  const tar = pluginTar(wasm);
  // zlib's gzip header carries no name and mtime 0, so the same tar always compresses to the same bytes.
  const gz = gzipSync(tar, { level: 9 });
  const layer: Descriptor = { mediaType: LAYER_MEDIA_TYPE, digest: writeBlob(dir, gz), size: gz.length };

  // OCI image config: Go's names for WebAssembly under WASI; rootfs.diff_ids are the uncompressed layers.
  const config = Buffer.from(JSON.stringify({
    architecture: "wasm",
    os: "wasip1",
    config: { Labels: { [VARIANT_KEY]: VARIANT } },
    rootfs: { type: "layers", diff_ids: [sha256Digest(tar)] },
  }));
  const configDesc: Descriptor = { mediaType: CONFIG_MEDIA_TYPE, digest: writeBlob(dir, config), size: config.length };

  const manifest = {
    schemaVersion: 2 as const,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: configDesc,
    layers: [layer],
    annotations: { [VARIANT_KEY]: VARIANT },
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = writeBlob(dir, manifestBytes);

  const index = {
    schemaVersion: 2,
    mediaType: INDEX_MEDIA_TYPE,
    manifests: [{
      mediaType: MANIFEST_MEDIA_TYPE, digest: manifestDigest, size: manifestBytes.length,
      annotations: { "org.opencontainers.image.ref.name": REF_NAME },
    }],
  };
  writeFileSync(join(dir, "index.json"), JSON.stringify(index));
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  return { dir, manifestDigest, manifest, layer };
}
