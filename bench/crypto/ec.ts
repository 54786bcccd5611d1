// Signature verification benchmarks: ES256 (P-256 + SHA-256), ES384 (P-384 + SHA-384) and Ed25519 in
// the built module (build/testing/ec.wasm, -O3) beside node:crypto (OpenSSL) with a parsed KeyObject.
// Our keys are parsed once too (benchAddKey), so both columns time verification of a JWS-sized
// signing input; "ours" includes the JS↔wasm copies of the bindings, as a host call would.
import { createECDH, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import type { BenchCase } from "../../scripts/bench-crypto.ts";

/** A fixed 300-byte message, about the size of a JWS header.payload signing input. */
const MESSAGE = new Uint8Array(300).map((_, i) => (i * 151 + 3) & 0xff);

function ecKey(crv: "P-256" | "P-384") {
  const size = crv == "P-256" ? 32 : 48;
  const ecdh = createECDH(crv == "P-256" ? "prime256v1" : "secp384r1");
  const point = ecdh.generateKeys();
  const x = point.subarray(1, 1 + size), y = point.subarray(1 + size);
  const d = Buffer.concat([Buffer.alloc(size), ecdh.getPrivateKey()]).subarray(-size);
  const jwk = { kty: "EC", crv, x: x.toString("base64url"), y: y.toString("base64url") };
  const privateKey = createPrivateKey({ key: { ...jwk, d: d.toString("base64url") }, format: "jwk" });
  const publicKey = createPublicKey({ key: jwk, format: "jwk" });
  return { privateKey, publicKey, x: new Uint8Array(x), y: new Uint8Array(y) };
}

export async function cases(): Promise<BenchCase[]> {
  const wasm = await import("../../build/testing/ec.js");
  const out: BenchCase[] = [];
  for (const [name, crv, curveId, hash] of [["ES256 verify", "P-256", 256, "sha256"], ["ES384 verify", "P-384", 384, "sha384"]] as const) {
    const k = ecKey(crv);
    const sig = new Uint8Array(sign(hash, MESSAGE, { key: k.privateKey, dsaEncoding: "ieee-p1363" }));
    const handle = wasm.benchAddKey(curveId, k.x, k.y);
    if (!wasm.benchVerify(handle, MESSAGE, sig)) throw new Error(`${name}: our verifier rejects the benchmark signature`);
    out.push({
      name,
      ours: () => wasm.benchVerify(handle, MESSAGE, sig),
      node: () => verify(hash, MESSAGE, { key: k.publicKey, dsaEncoding: "ieee-p1363" }, sig),
    });
  }
  const seed = new Uint8Array(32).map((_, i) => i * 7 + 1);
  const edPrivate = createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]), format: "der", type: "pkcs8" });
  const edPublic = createPublicKey(edPrivate);
  const pk = new Uint8Array(Buffer.from(edPublic.export({ format: "jwk" }).x!, "base64url"));
  const edSig = new Uint8Array(sign(null, MESSAGE, edPrivate));
  if (!wasm.ed25519Verify(pk, MESSAGE, edSig)) throw new Error("Ed25519: our verifier rejects the benchmark signature");
  out.push({
    name: "Ed25519 verify",
    ours: () => wasm.ed25519Verify(pk, MESSAGE, edSig),
    node: () => verify(null, MESSAGE, edPublic, edSig),
  });
  return out;
}
