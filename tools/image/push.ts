// Copies an OCI image layout to a registry with skopeo (Debian package `skopeo`; no Docker daemon needed).
// Credentials are skopeo's own: `skopeo login <registry>` or REGISTRY_AUTH_FILE.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { REF_NAME } from "./oci-layout.ts";

/** "oci://reg/name:tag", "docker://reg/name:tag" or "reg/name:tag" → "reg/name:tag". */
export function registryReference(raw: string): string {
  const ref = raw.replace(/^(oci|docker):\/\//, "");
  if (!/^[^/\s]+\/[^\s@]+(:[\w][\w.-]{0,127})?$/.test(ref)) {
    throw new Error(`${JSON.stringify(raw)} is not a registry reference like registry.example.com/envoy-oidc-sso:0.1.0`);
  }
  return ref;
}

/** A registry on this machine is plain HTTP (a local docker-registry); anywhere else TLS is verified. */
export function isLoopbackRegistry(ref: string): boolean {
  const host = ref.split("/")[0].replace(/:\d+$/, "");
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** skopeo refuses to run without a trust policy; ours is a layout we just built, so none is needed then. */
function policyArgs(): string[] {
  const policies = [join(homedir(), ".config/containers/policy.json"), "/etc/containers/policy.json"];
  return policies.some((p) => existsSync(p)) ? [] : ["--insecure-policy"];
}

/**
 * Pushes `layoutDir` to `ref` and returns the digest the registry now serves (sha256:<hex>).
 * --preserve-digests makes skopeo fail rather than rewrite the manifest, so it equals the local digest.
 */
export function pushLayout(layoutDir: string, rawRef: string, options: { insecure?: boolean } = {}): string {
  const ref = registryReference(rawRef);
  const work = mkdtempSync(join(tmpdir(), "oidc-sso-push-"));
  try {
    const digestFile = join(work, "digest");
    const tlsArgs = options.insecure || isLoopbackRegistry(ref) ? ["--dest-tls-verify=false"] : [];
    const args = [...policyArgs(), "copy", "--quiet", "--preserve-digests", ...tlsArgs, "--digestfile", digestFile,
      `oci:${layoutDir}:${REF_NAME}`, `docker://${ref}`];
    const run = spawnSync("skopeo", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (run.error) throw new Error(`cannot run skopeo (apt-get install skopeo): ${run.error.message}`);
    if (run.status !== 0) throw new Error(`skopeo ${args.join(" ")} failed:\n${run.stderr || run.stdout}`);
    return readFileSync(digestFile, "utf8").trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
