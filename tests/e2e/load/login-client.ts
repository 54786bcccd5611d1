// A scripted browser for load and fault tests: plain HTTP/1.1 that follows redirects, keeps cookies, and
// fills the oidc-provider harness's login form. No JavaScript, no Chromium: thousands of logins per minute.
//
//   const user = new ScriptedUser({ username: "alice", password: "..." });
//   const result = await user.login(`${gateway}/productpage`);   // 200 on the page, session cookie in user.jar
//   await user.get(`${gateway}/productpage`);                      // authenticated
//
// Cookies follow RFC 6265 as far as these flows need: host-only, path-matched, Max-Age=0 / past Expires
// deletes. Like a browser, the jar ignores the port, so the gateway and the IdP (both on 127.0.0.1) share it.
import { request, type Agent } from "node:http";
import { NAVIGATE } from "../http.ts";

export interface Hop {
  method: string;
  url: string;
  status: number;
  location?: string;
  ms: number;
}

export interface FetchedPage {
  status: number;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface StoredCookie { name: string; value: string; host: string; path: string }

/** Cookies by host (not port), path-scoped. */
export class CookieJar {
  private cookies = new Map<string, StoredCookie>();

  /** Stores the Set-Cookie headers of a response to `url`. */
  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = url.pathname.replace(/\/[^/]*$/, "") || "/";
      let remove = false;
      for (const attr of attrs) {
        const [k, v = ""] = attr.split("=").map((s) => s.trim());
        const key = k.toLowerCase();
        if (key === "path" && v.startsWith("/")) path = v;
        if (key === "max-age" && Number(v) <= 0) remove = true;
        if (key === "expires" && Date.parse(v) < Date.now()) remove = true;
      }
      const id = `${url.hostname}|${path}|${name}`;
      if (remove) this.cookies.delete(id);
      else this.cookies.set(id, { name, value, host: url.hostname, path });
    }
  }

  /** The Cookie header for a request to `url`, longest path first (RFC 6265 §5.4), or undefined. */
  header(url: URL): string | undefined {
    const matching = [...this.cookies.values()]
      .filter((c) => c.host === url.hostname && (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  /** Only the cookies whose name starts with `prefix`, as a Cookie header for `url` ("" when none). */
  headerOnly(url: URL, prefix: string): string {
    return (this.header(url) ?? "").split("; ").filter((c) => c.startsWith(prefix)).join("; ");
  }

  /** Cookie names currently held, for assertions. */
  names(): string[] {
    return [...this.cookies.values()].map((c) => c.name);
  }
}

/** One HTTP request with the jar's cookies; stores the answer's cookies. Bounded by `timeoutMs`. */
export function fetchWithJar(jar: CookieJar, url: URL, options: {
  method?: string; headers?: Record<string, string>; body?: string; agent?: Agent | false; timeoutMs?: number;
} = {}): Promise<FetchedPage> {
  const headers: Record<string, string> = { ...NAVIGATE, ...options.headers };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: options.method ?? "GET",
      headers, agent: options.agent ?? false, timeout: options.timeoutMs ?? 15_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const sc = res.headers["set-cookie"];
        jar.store(url, Array.isArray(sc) ? sc : sc ? [sc] : []);
        resolve({ status: res.statusCode ?? 0, url: url.toString(), headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 15_000} ms: ${options.method ?? "GET"} ${url}`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The login form of tests/e2e/harness/oidc-interactions.ts: its action, or undefined on any other page. */
export function loginFormAction(html: string): string | undefined {
  if (!/<form[^>]+id="login-form"/.test(html)) return undefined;
  const m = /<form[^>]+action="([^"]+)"/.exec(html);
  return m ? m[1].replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"') : undefined;
}

export class LoginError extends Error {
  constructor(message: string, public hops: Hop[], public last?: FetchedPage) {
    super(`${message}\n  ${hops.map((h) => `${h.method} ${h.url} → ${h.status}${h.location ? ` ${h.location}` : ""} (${h.ms} ms)`).join("\n  ")}`);
  }
}

export interface LoginResult {
  /** Every request of the flow in order. */
  hops: Hop[];
  /** The page finally shown (the protected page after a successful login). */
  page: FetchedPage;
  ms: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class ScriptedUser {
  jar = new CookieJar();
  constructor(public credentials: { username: string; password: string }, public options: { agent?: Agent | false; timeoutMs?: number; maxHops?: number } = {}) {}

  /** GET with the user's cookies, without following redirects. */
  get(url: string, headers: Record<string, string> = {}): Promise<FetchedPage> {
    return fetchWithJar(this.jar, new URL(url), { headers, agent: this.options.agent, timeoutMs: this.options.timeoutMs });
  }

  /**
   * Navigates to `url` as a browser would: follows redirects (303 and 302 after POST become GET), and on the
   * IdP's login form posts the credentials. Resolves with the first page that is neither a redirect nor the
   * form; rejects (LoginError with the hops) when it needs more than maxHops steps or the form comes back.
   */
  async navigate(url: string): Promise<LoginResult> {
    const started = Date.now();
    const hops: Hop[] = [];
    let target = new URL(url);
    let method = "GET";
    let body: string | undefined;
    let postedForm = false;
    let previous: URL | undefined;
    for (let i = 0; i < (this.options.maxHops ?? 16); i++) {
      const t = Date.now();
      const site = previous === undefined ? "none" : previous.origin === target.origin ? "same-origin" : "same-site";
      const headers: Record<string, string> = { "sec-fetch-site": site };
      if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
      const page = await fetchWithJar(this.jar, target, { method, headers, body, agent: this.options.agent, timeoutMs: this.options.timeoutMs });
      const location = typeof page.headers.location === "string" ? page.headers.location : undefined;
      hops.push({ method, url: target.toString(), status: page.status, location, ms: Date.now() - t });
      previous = target;
      if (REDIRECTS.has(page.status) && location) {
        target = new URL(location, target);
        if (page.status !== 307 && page.status !== 308) { method = "GET"; body = undefined; }
        continue;
      }
      const action = page.status === 200 || page.status === 401 ? loginFormAction(page.body) : undefined;
      if (action === undefined) return { hops, page, ms: Date.now() - started };
      if (postedForm) throw new LoginError("the IdP showed its login form again (wrong credentials?)", hops, page);
      postedForm = true;
      target = new URL(action, target);
      method = "POST";
      body = new URLSearchParams({ username: this.credentials.username, password: this.credentials.password }).toString();
    }
    throw new LoginError(`no final page after ${this.options.maxHops ?? 16} requests`, hops);
  }

  /** navigate(url), and insists that it ends on `url` itself with 200 (the login completed). */
  async login(url: string): Promise<LoginResult> {
    const result = await this.navigate(url);
    if (result.page.status !== 200 || result.page.url !== new URL(url).toString()) {
      throw new LoginError(`the login ended with ${result.page.status} at ${result.page.url}`, result.hops, result.page);
    }
    return result;
  }
}
