// Shared by the hostile-client suites (tests/e2e/hostile-clients-*.test.ts, security.md C-F): a raw
// HTTP/1.1 client that puts bytes on the wire exactly as given (node:http refuses odd request targets
// and fetch normalizes them), a gateway = real Envoy + built filter + the hostile IdP + the recording
// backend, a scripted login from any request target, and the checks every case makes.
import { connect } from "node:net";
import { randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy, type Normalization, type PluginConfig } from "./harness/envoy.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { HostileIdp } from "./hostile/idp.ts";
import { recordVerdict } from "./hostile/report.ts";
import { NAVIGATE } from "./http.ts";

export { NAVIGATE };

/** The host every gateway of these suites is configured for (redirect_url); the socket is always loopback. */
export const APP_HOST = "app.example.com";

export interface Reply {
  status: number;
  /** Header pairs as received, names lower-cased, repeats kept. */
  headers: [string, string][];
  setCookies: string[];
  location: string | undefined;
  body: string;
  /** The response head exactly as received (for CR/LF and injection checks). */
  head: string;
}

export function header(r: Reply, name: string): string | undefined {
  return r.headers.find(([k]) => k === name)?.[1];
}

export type HeaderPairs = [string, string][];

/**
 * One request on a fresh connection: `target` goes into the request line verbatim (as UTF-8), headers
 * as pairs in order (repeats allowed), "host: APP_HOST" unless given. Status 0 when the connection
 * closed without an answer.
 */
export function send(port: number, target: string, headers: HeaderPairs = [], options: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<Reply> {
  const pairs: HeaderPairs = headers.some(([k]) => k.toLowerCase() === "host") ? [...headers] : [["host", APP_HOST], ...headers];
  if (options.body !== undefined) pairs.push(["content-length", String(Buffer.byteLength(options.body))]);
  pairs.push(["connection", "close"]);
  const head = `${options.method ?? "GET"} ${target} HTTP/1.1\r\n${pairs.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`timeout: ${JSON.stringify(target.slice(0, 80))}`)); }, options.timeoutMs ?? 10_000);
    socket.on("connect", () => socket.write(Buffer.concat([Buffer.from(head, "utf8"), Buffer.from(options.body ?? "", "utf8")])));
    // Envoy keeps a connection open for a while after "connection: close" (delayed close), so the
    // answer is taken as soon as it is complete rather than at close.
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      const r = completeReply(Buffer.concat(chunks), options.method === "HEAD");
      if (r) { clearTimeout(timer); socket.destroy(); resolve(r); }
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      // Envoy may reset a connection it refuses after (or instead of) answering; keep what arrived.
      if (e.code === "ECONNRESET" || e.code === "EPIPE") return;
      clearTimeout(timer);
      reject(e);
    });
    socket.on("close", () => { clearTimeout(timer); resolve(parseReply(Buffer.concat(chunks))); });
  });
}

/** The reply when `raw` holds all of it (by content-length, the chunked terminator, or no body). */
function completeReply(raw: Buffer, head: boolean): Reply | undefined {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const text = raw.subarray(0, end).toString("latin1");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  if (head || status === 204 || status === 304 || (status >= 100 && status < 200)) return parseReply(raw);
  const body = raw.length - end - 4;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
  if (length) return body >= Number(length[1]) ? parseReply(raw) : undefined;
  if (/\r\ntransfer-encoding:\s*chunked/i.test(text)) return raw.subarray(end + 4).includes("\r\n0\r\n\r\n") || raw.subarray(end + 4).indexOf("0\r\n\r\n") === 0 ? parseReply(raw) : undefined;
  return undefined;
}

function parseReply(raw: Buffer): Reply {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return { status: 0, headers: [], setCookies: [], location: undefined, body: "", head: raw.toString("latin1") };
  const head = raw.subarray(0, end).toString("latin1");
  const lines = head.split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1] ?? 0);
  const headers: HeaderPairs = lines.slice(1).map((l) => {
    const i = l.indexOf(":");
    return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
  });
  let body = raw.subarray(end + 4);
  if (headers.some(([k, v]) => k === "transfer-encoding" && /chunked/i.test(v))) body = unchunk(body);
  return {
    status, headers, head,
    setCookies: headers.filter(([k]) => k === "set-cookie").map(([, v]) => v),
    location: headers.find(([k]) => k === "location")?.[1],
    body: body.toString("utf8"),
  };
}

function unchunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const eol = b.indexOf("\r\n", i);
    if (eol < 0) break;
    const size = parseInt(b.subarray(i, eol).toString("latin1"), 16);
    if (!(size > 0)) break;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** `name=value` of a Set-Cookie, or of the first Set-Cookie whose name matches. */
export function cookiePair(setCookies: string[], name: RegExp): string | undefined {
  return setCookies.map((c) => c.split(";")[0]).find((p) => name.test(p.slice(0, p.indexOf("="))));
}

/** A Set-Cookie that stores a session (a non-empty oidc_session or chunk 0). */
export function sessionSet(r: Reply): boolean {
  return r.setCookies.some((c) => /^(__Host-)?oidc_session=[^;]+/.test(c));
}

/** Where a browser on `origin` goes when it follows `location` (WHATWG URL: tabs and newlines dropped, \ as /). */
export function resolvedOrigin(location: string, origin: string): string {
  try { return new URL(location, origin).origin; } catch { return "invalid"; }
}

/** A Location every browser keeps on our own origin: "/" followed by anything but "/" or "\", no controls. */
export function isStrictlyLocal(location: string): boolean {
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(location) && !location.includes("\\");
}

export interface StackOptions {
  normalization?: Normalization;
  config?: Partial<PluginConfig>;
  /** Undefined keys of `config` are removed (e.g. `match: undefined` protects everything). */
  idp?: HostileIdp;
  concurrency?: number;
  /** A path this configuration protects (readiness probe and liveness login); default "/__alive". */
  protectedPath?: string;
}

/** Envoy + the built filter + backend (+ the IdP, shared when given), on loopback. */
export class Stack {
  envoy!: RunningEnvoy;
  backend!: RunningBackend;
  idp!: HostileIdp;
  ownIdp = false;
  readonly cookieSecret = randomBytes(32).toString("base64");
  /** Every code and token the IdP handed out, and the secrets: none may appear in Envoy's log. */
  readonly secrets = new Set<string>();
  readonly origin = `http://${APP_HOST}`;
  protectedPath = "/__alive";

  static async start(o: StackOptions = {}): Promise<Stack> {
    const s = new Stack();
    if (o.protectedPath) s.protectedPath = o.protectedPath;
    if (o.idp) s.idp = o.idp;
    else { s.idp = new HostileIdp(); s.ownIdp = true; await s.idp.start(); }
    s.backend = await startBackend();
    const port = await freePort();
    const cfg: Record<string, unknown> = demoPluginConfig(s.idp.issuer, "unused", {
      client_secret: s.idp.clientSecret, cookie_secret: s.cookieSecret, redirect_url: `http://${APP_HOST}/oauth2/callback`,
      http_timeout: "2s", ...o.config,
    });
    for (const k of Object.keys(cfg)) if (cfg[k] === undefined) delete cfg[k];
    s.envoy = await startEnvoy({
      pluginConfig: cfg as PluginConfig, normalization: o.normalization ?? "istio-base", concurrency: o.concurrency ?? 1,
      ports: { listener: port, backend: s.backend.port },
    });
    await s.waitReady();
    return s;
  }

  get port(): number { return this.envoy.port; }

  async waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if ((await send(this.port, this.protectedPath, [["accept", "text/html"], ["sec-fetch-mode", "navigate"]])).status !== 503) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error("the filter never became ready");
  }

  get(target: string, headers: HeaderPairs = navigate(), options: { method?: string; body?: string } = {}): Promise<Reply> {
    return send(this.port, target, headers, options);
  }

  /** Requests the backend has seen so far (to prove that a case did not reach it). */
  seen(): number { return this.backend.requests.length; }

  /**
   * A scripted browser: `target` without a session, the IdP's immediate answer, the callback with the
   * login cookie. `first` is the first answer; `callback` is undefined when the first was not a 302 to the IdP.
   */
  async login(target = "/", firstHeaders: HeaderPairs = navigate(), callbackHeaders: HeaderPairs = []): Promise<Login> {
    const first = await this.get(target, firstHeaders);
    if (first.status !== 302 || !first.location?.startsWith(this.idp.issuer)) return { first, issued: [] };
    const loginCookie = cookiePair(first.setCookies, /oidc_login_/);
    const atIdp = await send(Number(new URL(first.location).port), first.location.slice(this.idp.issuer.length), [["host", new URL(this.idp.issuer).host]]);
    const back = new URL(atIdp.location!);
    const code = this.idp.flow?.code ?? "";
    const headers: HeaderPairs = [...navigate(), ["sec-fetch-site", "cross-site"], ["host", back.host]];
    if (loginCookie) headers.push(["cookie", loginCookie]);
    const callback = await this.get(`${back.pathname}${back.search}`, [...headers.filter(([k]) => !callbackHeaders.some(([c]) => c === k)), ...callbackHeaders]);
    const issued = [code, ...this.idp.lastIssued].filter((x) => x.length >= 8);
    this.idp.lastIssued = [];
    const session = sessionCookies(callback);
    // Session and login cookie values are bearer credentials too: never in a page, a Location or the log.
    const values = [loginCookie, ...(session ?? "").split("; ")].map((c) => c?.slice(c.indexOf("=") + 1) ?? "");
    for (const s of [...issued, ...values]) if (s.length >= 16) this.secrets.add(s);
    return { first, atIdp, loginCookie, callback, issued, session };
  }

  /** Logs in and returns the session as a Cookie header value (all chunks). */
  async session(target = "/"): Promise<{ cookie: string; login: Login }> {
    const l = await this.login(target);
    assert.equal(l.callback?.status, 302, `login from ${target}: ${l.first.status} ${l.callback?.status} ${l.callback?.body.slice(0, 200)}`);
    assert.ok(l.session, "the login set a session");
    return { cookie: l.session, login: l };
  }

  /** The VM still serves a complete login after a case. */
  async assertAlive(): Promise<void> {
    const l = await this.login(this.protectedPath);
    assert.equal(l.first.status, 302, `the VM still starts a login (got ${l.first.status})`);
    assert.equal(l.callback?.status, 302, `the VM still completes a login (got ${l.callback?.status})`);
    assert.ok(l.session, "and sets a session");
    assert.equal(l.callback?.location, this.protectedPath);
  }

  /** No secret, code or token in the body or Location of `r` (each `extra` too; `except` aside). */
  assertNoSecrets(r: Reply | undefined, extra: string[] = [], except: string[] = []): void {
    if (!r) return;
    for (const s of [...this.secrets, ...extra, this.idp.clientSecret, this.cookieSecret]) {
      if (s.length < 8 || except.includes(s)) continue;
      assert.ok(!r.body.includes(s), `a secret (${s.slice(0, 8)}…) in the body`);
      assert.ok(!(r.location ?? "").includes(s), `a secret (${s.slice(0, 8)}…) in Location`);
    }
  }

  /** Envoy's log holds no secret, and no sign of a Wasm trap or a failed VM. */
  assertLogClean(): void {
    const log = this.envoy.logs();
    for (const s of [...this.secrets, this.idp.clientSecret, this.cookieSecret]) {
      if (s.length >= 8) assert.ok(!log.includes(s), `Envoy's log holds a secret (${s.slice(0, 8)}…)`);
    }
    const traps = log.split("\n").filter((l) => /wasm trap|unreachable|RuntimeError|Function: proxy_on_\w+ failed|VM.*(failed|crash)/i.test(l));
    assert.deepEqual(traps.slice(0, 3), [], "no Wasm trap in Envoy's log");
  }

  async stop(): Promise<void> {
    await this.envoy?.stop();
    await this.backend?.stop();
    if (this.ownIdp) await this.idp.stop();
  }
}

export interface Login {
  first: Reply;
  atIdp?: Reply;
  loginCookie?: string;
  callback?: Reply;
  issued: string[];
  /** The session cookies set by the callback, as one Cookie header value. */
  session?: string;
}

/** The session cookies (non-empty oidc_session and chunks) a response sets, as a Cookie header value. */
export function sessionCookies(r: Reply | undefined): string | undefined {
  if (!r) return undefined;
  const pairs = r.setCookies.map((c) => c.split(";")[0]).filter((p) => /^(__Host-)?oidc_session(_\d+)?=./.test(p));
  return pairs.length ? pairs.join("; ") : undefined;
}

export function navigate(): HeaderPairs {
  return Object.entries(NAVIGATE);
}

/** Headers of an API client (fetch/XHR): no navigation, so 401 rather than a redirect. */
export function api(): HeaderPairs {
  return [["accept", "application/json"], ["sec-fetch-mode", "cors"], ["sec-fetch-site", "same-origin"]];
}

/** A named case for docs/security-cases.md: runs `body`, records pass or FAIL with the status it saw. */
export interface CaseInfo { id: string; section: string; title: string; ref?: string; expect: number; expectAny?: number[]; accepted?: boolean }

/**
 * Runs `body` and records its verdict. `body` returns the status to report; on a failure the last
 * status it put into `seen.got` is reported (-1 when none). The title may be extended by `body`.
 */
export async function recorded(c: CaseInfo, body: (seen: { got: number }) => Promise<number>): Promise<void> {
  const seen = { got: -1 };
  try {
    seen.got = await body(seen);
    recordVerdict(c, seen.got, "pass");
  } catch (e) {
    recordVerdict(c, seen.got, "FAIL");
    throw e;
  }
}
