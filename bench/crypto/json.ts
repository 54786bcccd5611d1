// JSON parse of a 1 KB ID-token payload: our parser (build/testing/json.wasm, -O3) beside V8's
// JSON.parse. Both sides start from bytes, as the filter does (ours validates UTF-8 itself; node's
// side decodes with TextDecoder first), and both read exp, iss and aud afterwards. The "via bindings"
// case includes copying the bytes into the module; the "in Wasm" case loops inside the module, which
// is closer to what the filter pays in Envoy.
import type { BenchCase } from "../../scripts/bench-crypto.ts";

const INNER = 100;

/** A realistic Keycloak-style ID-token payload of about 1 KB. */
function payload(): Uint8Array {
  const claims = {
    exp: 1767225600, iat: 1767222000, auth_time: 1767221990, jti: "6f1c2b7e-8a1d-4c3e-9f0a-2b3c4d5e6f70",
    iss: "https://idp.example.com/realms/main", aud: ["oidc-sso", "account"], sub: "f0c3b2a1-9d8e-4c7b-a6f5-e4d3c2b1a098",
    typ: "ID", azp: "oidc-sso", nonce: "n-0S6_WzA2Mj3k9QmPl4xR", session_state: "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    at_hash: "77QmUPtjPfzWtF2AnpK9RQ", c_hash: "LDktKdoQak3Pk0cnXxCltA", acr: "1", sid: "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    email_verified: true, name: "Jane Q. Doe-Müller", preferred_username: "jane.doe", given_name: "Jane",
    family_name: "Doe-Müller", email: "jane.doe@example.com", locale: "de-CH", zoneinfo: "Europe/Zurich",
    amr: ["pwd", "otp"], groups: ["/engineering/platform", "/engineering/security", "/all-staff"],
    realm_access: { roles: ["offline_access", "uma_authorization", "default-roles-main", "gateway-admin"] },
    resource_access: { account: { roles: ["manage-account", "manage-account-links", "view-profile"] } },
    updated_at: 1767000000, picture: "https://cdn.example.com/avatars/f0c3b2a1-9d8e-4c7b-a6f5-e4d3c2b1a098.png",
  };
  return new TextEncoder().encode(JSON.stringify(claims));
}

export async function cases(): Promise<BenchCase[]> {
  const wasm = await import("../../build/testing/json.js");
  const bytes = payload();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const nodeRead = (): number => {
    const v = JSON.parse(decoder.decode(bytes));
    return (Number.isSafeInteger(v.exp) ? 1 : 0) + (typeof v.iss === "string" ? 2 : 0) + (v.aud !== undefined ? 4 : 0) + (Object.keys(v).length << 3);
  };
  const expected = nodeRead();
  if (wasm.readClaims(bytes) !== expected) throw new Error("bench/crypto/json.ts: our claims differ from JSON.parse's");
  const kb = (bytes.length / 1024).toFixed(2);
  return [
    {
      name: `JSON parse of a ${kb} KB ID-token payload + read exp/iss/aud (via bindings)`,
      ours: () => { wasm.readClaims(bytes); },
      node: () => { nodeRead(); },
    },
    {
      name: `JSON parse of a ${kb} KB ID-token payload + read exp/iss/aud ×${INNER} (in Wasm)`,
      ours: () => { wasm.readClaimsRepeat(bytes, INNER); },
      node: () => { for (let i = 0; i < INNER; i++) nodeRead(); },
    },
  ];
}
