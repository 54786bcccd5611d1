// RSA signature verification timings: ours (build/testing/rsa.wasm, -O3, under Node's V8 as in
// Envoy) beside node:crypto.verify (OpenSSL, assembly bignum) with a pre-parsed KeyObject, on a
// 1 KB JWS-sized signing input. Ours uses a pre-built RsaPublicKey (R² mod n computed once, as the
// filter does per JWKS fetch), and every call goes through the ESM bindings, copying message and
// signature into Wasm memory. The last case times building the key itself against createPublicKey.
import crypto from "node:crypto";
import type { BenchCase } from "../../scripts/bench-crypto.ts";

const MESSAGE_BYTES = 1024;
const WARM_UP_CALLS = 200;

export async function cases(): Promise<BenchCase[]> {
  const wasm = await import("../../build/testing/rsa.js");
  const message = crypto.randomBytes(MESSAGE_BYTES);
  const keys = new Map<number, { publicKey: crypto.KeyObject; privateKey: crypto.KeyObject; handle: number; n: Buffer; e: Buffer }>();
  for (const bits of [2048, 3072, 4096]) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: bits });
    const jwk = publicKey.export({ format: "jwk" });
    const n = Buffer.from(jwk.n!, "base64url");
    const e = Buffer.from(jwk.e!, "base64url");
    keys.set(bits, { publicKey, privateKey, handle: wasm.loadKey(n, e), n, e });
  }
  const pss = (saltLength: number) => ({ padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength });
  const out: BenchCase[] = [];
  const add = (name: string, bits: number, hash: "sha256" | "sha384" | "sha512", isPss: boolean): void => {
    const k = keys.get(bits)!;
    const alg = hash === "sha256" ? 0 : hash === "sha384" ? 1 : 2;
    const hLen = [32, 48, 64][alg];
    const signature = crypto.sign(hash, message, isPss ? { key: k.privateKey, ...pss(hLen) } : k.privateKey);
    const nodeKey = isPss ? { key: k.publicKey, ...pss(hLen) } : k.publicKey;
    const ours = isPss
      ? () => wasm.verifyPss(k.handle, alg, message, signature, hLen)
      : () => wasm.verifyPkcs1(k.handle, alg, message, signature);
    const node = () => crypto.verify(hash, message, nodeKey, signature);
    if (!ours() || !node()) throw new Error(`bench/crypto/rsa.ts: ${name} does not verify`);
    // Envoy compiles Wasm with TurboFan only (Liftoff off); Node starts in Liftoff and tiers up
    // after enough calls. Warm up here so that the first timed case is not a Liftoff measurement.
    for (let i = 0; i < WARM_UP_CALLS; i++) ours();
    out.push({ name, ours: () => void ours(), node: () => void node() });
  };
  add("RS256 verify, 2048-bit key", 2048, "sha256", false);
  add("RS256 verify, 3072-bit key", 3072, "sha256", false);
  add("RS256 verify, 4096-bit key", 4096, "sha256", false);
  add("PS256 verify, 2048-bit key", 2048, "sha256", true);
  add("PS512 verify, 4096-bit key", 4096, "sha512", true);
  const k = keys.get(2048)!;
  const jwk = k.publicKey.export({ format: "jwk" });
  out.push({
    name: "RSA key import, 2048-bit (ours: checks + R² mod n; node: createPublicKey from JWK)",
    ours: () => void wasm.keySetup(k.n, k.e),
    node: () => void crypto.createPublicKey({ key: jwk, format: "jwk" }),
  });
  return out;
}
