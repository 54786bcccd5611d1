// An OpenID provider stub that answers at once, for the per-login cost: discovery, JWKS and a token endpoint
// that accepts any code and returns an RS256 ID token (2048-bit key, like oidc-provider's) for the nonce the
// code carries. The scripted client builds the code as "n." + nonce, so the stub keeps no state and there is
// no authorization endpoint to visit: the client goes from the filter's 302 straight to the callback.
import { createServer, type Server } from "node:http";
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";

export const STUB_CLIENT_ID = "bench-client";
export const STUB_CLIENT_SECRET = "bench-client-secret-0123456789abcdef";
const KID = "bench-rs256";

export interface StubIdp {
  issuer: string;
  /** Token requests answered so far. */
  tokenCalls(): number;
  stop(): Promise<void>;
}

export function codeFor(nonce: string): string {
  return `n.${nonce}`;
}

const b64url = (v: string | Buffer): string => Buffer.from(v).toString("base64url");

export async function startStubIdp(port: number): Promise<StubIdp> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" }] });
  const discovery = JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["S256"],
  });
  const header = b64url(JSON.stringify({ alg: "RS256", kid: KID, typ: "JWT" }));
  let calls = 0;

  const idToken = (nonce: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url(JSON.stringify({
      iss: issuer, aud: STUB_CLIENT_ID, sub: "bench-user-0001", email: "bench@example.test", iat: now, exp: now + 3600, nonce,
    }));
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0];
      const json = (status: number, body: string) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(body);
      };
      if (path === "/.well-known/openid-configuration") return json(200, discovery);
      if (path === "/jwks") return json(200, jwks);
      if (path === "/token" && req.method === "POST") {
        const code = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("code") ?? "";
        if (!code.startsWith("n.")) return json(400, JSON.stringify({ error: "invalid_grant" }));
        calls += 1;
        return json(200, JSON.stringify({
          access_token: randomBytes(32).toString("base64url"), token_type: "Bearer", expires_in: 3600,
          refresh_token: randomBytes(32).toString("base64url"), id_token: idToken(code.slice(2)),
        }));
      }
      json(404, "{}");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    tokenCalls: () => calls,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
