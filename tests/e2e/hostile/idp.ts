// A hostile OpenID provider for the security tests: ours, on loopback, minting tokens with jose.
// It serves discovery, JWKS, an authorization endpoint that answers at once (no login form: the
// cases are about what comes back), and a token endpoint whose answer is scripted per named case.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { SignJWT, type JWK } from "jose";
import { freePort } from "../harness/processes.ts";

export interface Key { kid: string; alg: string; privateKey: KeyObject; jwk: JWK }

export function makeKey(alg: "RS256" | "PS256" | "ES256" | "ES384" | "EdDSA" = "RS256", kid = `${alg.toLowerCase()}-${randomBytes(3).toString("hex")}`, bits = 2048): Key {
  const pair = alg.startsWith("ES") ? generateKeyPairSync("ec", { namedCurve: alg === "ES256" ? "P-256" : "P-384" })
    : alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = pair.publicKey.export({ format: "jwk" }) as JWK;
  return { kid, alg, privateKey: pair.privateKey, jwk: { ...jwk, kid, alg, use: "sig" } };
}

/** What the IdP saw of the current flow, handed to a case's token answer. */
export interface FlowSeen {
  nonce: string;
  state: string;
  code: string;
  redirectUri: string;
  /** The token request: form fields and the Authorization header. */
  form?: URLSearchParams;
  authorization?: string;
}

export interface Answer { status: number; headers?: Record<string, string>; body: string | Buffer; delayMs?: number; reset?: boolean }

export interface Script {
  discovery?: (base: Record<string, unknown>) => Record<string, unknown> | Answer;
  jwks?: (keys: JWK[]) => unknown | Answer;
  /** Query string the authorization endpoint sends back to redirect_uri (default code + state). */
  callbackQuery?: (flow: FlowSeen, issuer: string) => string;
  token?: (flow: FlowSeen, idp: HostileIdp) => Promise<Answer | Record<string, unknown>> | Answer | Record<string, unknown>;
}

export class HostileIdp {
  issuer = "";
  key: Key = makeKey("RS256", "good-1");
  /** Published from the start too, so ES256 cases need no key refetch. */
  ec: Key = makeKey("ES256", "ec-1");
  extraKeys: Key[] = [];
  script: Script = {};
  flow: FlowSeen | null = null;
  /** The code_challenge of the last authorization request (PKCE S256). */
  challenge = "";
  /** What the filter must present at the token endpoint. */
  clientSecret = "s3cr:et%with spaces&odd=chars+";
  readonly log: string[] = [];
  /** Tokens the token endpoint handed out in its last answer. */
  lastIssued: string[] = [];
  private server: Server | null = null;

  async start(): Promise<void> {
    const port = await freePort();
    this.issuer = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => { this.handle(req, res).catch(() => { res.destroy(); }); });
    await new Promise<void>((r) => this.server!.listen(port, "127.0.0.1", r));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** A valid ID token for the current flow, with claims and header changed by `o`. */
  async idToken(o: { claims?: Record<string, unknown>; drop?: string[]; header?: Record<string, unknown>; key?: Key } = {}): Promise<string> {
    const key = o.key ?? this.key;
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { iss: this.issuer, aud: "demo-client", sub: "alice-0001", email: "alice@example.test",
      nonce: this.flow?.nonce, iat: now, exp: now + 300, ...o.claims };
    for (const d of o.drop ?? []) delete claims[d];
    return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...o.header }).sign(key.privateKey);
  }

  /** A token response around `idToken` (access and refresh tokens included). */
  tokens(idToken: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { access_token: "hostile-at-" + randomBytes(6).toString("hex"), token_type: "Bearer", expires_in: 300,
      id_token: idToken, refresh_token: "hostile-rt-" + randomBytes(6).toString("hex"), ...extra };
  }

  private discoveryDoc(): Record<string, unknown> {
    const i = this.issuer;
    return { issuer: i, authorization_endpoint: `${i}/authorize`, token_endpoint: `${i}/token`, jwks_uri: `${i}/jwks`,
      end_session_endpoint: `${i}/logout`, response_types_supported: ["code"], subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"], code_challenge_methods_supported: ["S256"] };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.issuer);
    this.log.push(`${req.method} ${url.pathname}`);
    if (url.pathname === "/.well-known/openid-configuration") {
      return this.send(res, this.script.discovery ? this.script.discovery(this.discoveryDoc()) : this.discoveryDoc());
    }
    if (url.pathname === "/jwks") {
      const keys = [this.key, this.ec, ...this.extraKeys].map((k) => k.jwk);
      return this.send(res, this.script.jwks ? this.script.jwks(keys) : { keys });
    }
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      this.challenge = q.get("code_challenge_method") === "S256" ? q.get("code_challenge") ?? "" : "";
      this.flow = { nonce: q.get("nonce") ?? "", state: q.get("state") ?? "", code: "code-" + randomBytes(8).toString("hex"), redirectUri: q.get("redirect_uri") ?? "" };
      const query = this.script.callbackQuery ? this.script.callbackQuery(this.flow, this.issuer)
        : `code=${this.flow.code}&state=${encodeURIComponent(this.flow.state)}`;
      res.writeHead(302, { location: `${this.flow.redirectUri}?${query}` });
      return void res.end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const flow = this.flow ?? { nonce: "", state: "", code: "", redirectUri: "" };
      flow.form = new URLSearchParams(Buffer.concat(chunks).toString());
      flow.authorization = req.headers.authorization;
      const answer = this.script.token ? await this.script.token(flow, this) : this.tokens(await this.idToken());
      this.lastIssued = ["id_token", "access_token", "refresh_token"]
        .map((k) => (answer as Record<string, unknown>)[k]).filter((v): v is string => typeof v === "string" && v.length >= 8);
      return this.send(res, answer);
    }
    res.writeHead(404);
    res.end();
  }

  private async send(res: ServerResponse, a: unknown): Promise<void> {
    const answer: Answer = isAnswer(a) ? a : { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(a) };
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (answer.reset) { res.socket?.destroy(); return; }
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body);
  }
}

function isAnswer(a: unknown): a is Answer {
  return typeof a === "object" && a !== null && "status" in a && "body" in a && typeof (a as Answer).status === "number";
}
