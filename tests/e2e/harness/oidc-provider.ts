// A real OpenID Provider for the end-to-end tests: npm oidc-provider 9.x (OpenID Certified) on 127.0.0.1.
//   const idp = await startOidcProvider({ clients: [demoClient([`${envoy.url}/oauth2/callback`])] });
//   idp.issuer, idp.user (alice's login), await idp.rotateKeys(), await idp.stop()
import { createServer, type Server } from "node:http";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider from "oidc-provider";
// Deep import: the in-memory adapter with a store of its own, so a key rotation (a new Provider instance)
// keeps every session, grant and refresh token, and two harness IdPs in one process never share state.
import { createMemoryAdapter } from "oidc-provider/lib/adapters/memory_adapter.js";
import { freePort } from "./processes.ts";
import {
  handleInteraction, logoutSource, postLogoutSuccessSource, INTERACTION_PREFIX, type DemoUser,
} from "./oidc-interactions.ts";

export type { DemoUser } from "./oidc-interactions.ts";

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  /** Either works at the token endpoint whatever is registered; this only sets what discovery advertises. */
  token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post";
}

/** Lifetimes in seconds; short values let tests cross expiry without waiting long. */
export interface TokenTtls {
  AccessToken?: number;
  IdToken?: number;
  RefreshToken?: number;
  Session?: number;
  Grant?: number;
  Interaction?: number;
  AuthorizationCode?: number;
}

export interface OidcProviderOptions {
  port?: number;
  clients: TestClient[];
  users?: DemoUser[];
  ttl?: TokenTtls;
  /** Merged over the harness's features (rpInitiatedLogout, revocation, ...). */
  features?: Record<string, unknown>;
  /** Submit the "sign out?" page automatically (default true). */
  autoConfirmLogout?: boolean;
}

export interface RunningOidcProvider {
  issuer: string;
  port: number;
  /** The current Provider instance (a new one after rotateKeys()). */
  readonly provider: Provider;
  users: DemoUser[];
  /** The first user's login, for submitLoginForm(). */
  user: { username: string; password: string };
  /** Public JWKS currently published, newest key first. */
  publicJwks(): Record<string, unknown>[];
  /** Signs with a fresh RS256 key from now on; the previous keys stay published unless keepPrevious is false. */
  rotateKeys(options?: { keepPrevious?: boolean }): Promise<string>;
  stop(): Promise<void>;
  startMs: number;
}

export const DEMO_CLIENT_ID = "demo-client";
export const DEMO_CLIENT_SECRET = "demo-client-secret-change-me-0123456789";

export const DEMO_USER: DemoUser = {
  sub: "alice-0001",
  username: "alice",
  password: "alice-password-1",
  email: "alice@example.test",
  email_verified: true,
  name: "Alice Example",
  given_name: "Alice",
  family_name: "Example",
};

/** The confidential demo client, with the given callback URLs (and the backend root as post-logout target). */
export function demoClient(redirectUris: string[], postLogoutRedirectUris: string[] = []): TestClient {
  return {
    client_id: DEMO_CLIENT_ID,
    client_secret: DEMO_CLIENT_SECRET,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
  };
}

let keyCounter = 0;

function newSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  keyCounter += 1;
  const kid = `rs256-${keyCounter}-${randomBytes(4).toString("hex")}`;
  return { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
}

function publicPart(jwk: Record<string, unknown>): Record<string, unknown> {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const started = Date.now();
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const users = options.users ?? [DEMO_USER];
  const adapter = createMemoryAdapter();
  const cookieKeys = [randomBytes(32).toString("hex")];
  let signingKeys = [newSigningKey()];

  const configure = (): Provider => {
    const provider = new Provider(issuer, {
      adapter,
      jwks: { keys: signingKeys },
      cookies: { keys: cookieKeys },
      clients: options.clients.map((client) => ({
        ...client,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: client.token_endpoint_auth_method ?? "client_secret_basic",
      })),
      responseTypes: ["code"],
      // PKCE for every client, confidential ones included (RFC 9700 §2.1.1).
      pkce: { required: () => true },
      scopes: ["openid", "email", "profile", "offline_access"],
      claims: {
        openid: ["sub"],
        email: ["email", "email_verified"],
        profile: ["name", "given_name", "family_name"],
      },
      // Scope claims go into the ID token itself (not only /userinfo): the backend receives the ID token.
      conformIdTokenClaims: false,
      // Refresh tokens whenever the client may use them, without requiring offline_access and prompt=consent
      // (what Keycloak and most IdPs do for a confidential web client).
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
        client.grantTypeAllowed("refresh_token"),
      async findAccount(_ctx: unknown, sub: string) {
        const user = users.find((u) => u.sub === sub);
        if (!user) return undefined;
        return {
          accountId: user.sub,
          async claims() {
            const { sub: subject, email, email_verified, name, given_name, family_name } = user;
            return { sub: subject, email, email_verified, name, given_name, family_name };
          },
        };
      },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PREFIX}${interaction.uid}` },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: logoutSource(options.autoConfirmLogout ?? true),
          postLogoutSuccessSource,
        },
        revocation: { enabled: true },
        ...options.features,
      },
      ttl: {
        AccessToken: 3600, IdToken: 3600, RefreshToken: 86_400, Session: 86_400, Grant: 86_400,
        Interaction: 600, AuthorizationCode: 60,
        ...options.ttl,
      },
    } as any);
    provider.on("server_error", (_ctx: unknown, err: Error) => console.error(`[oidc-provider ${issuer}] server_error:`, err));
    return provider;
  };

  let provider = configure();
  let handler = provider.callback();
  const server: Server = createServer((req, res) => {
    handleInteraction(provider, users, req, res)
      .then((handled) => {
        if (!handled) handler(req, res);
      })
      .catch((err) => {
        console.error(`[oidc-provider ${issuer}] interaction failed:`, err);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  return {
    issuer,
    port,
    get provider() { return provider; },
    users,
    user: { username: users[0].username, password: users[0].password },
    publicJwks: () => signingKeys.map(publicPart),
    async rotateKeys({ keepPrevious = true } = {}) {
      const fresh = newSigningKey();
      signingKeys = keepPrevious ? [fresh, ...signingKeys] : [fresh];
      // oidc-provider fixes its keystore at construction; a new instance over the same adapter and cookie
      // keys takes over every session, grant and token of the old one.
      provider = configure();
      handler = provider.callback();
      return String(fresh.kid);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    startMs: Date.now() - started,
  };
}
