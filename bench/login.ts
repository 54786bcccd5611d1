// Logs in through a gateway the way a browser would, with plain HTTP/1.1: follow redirects, keep cookies per
// origin, and submit the IdP's login form when one appears. Used for both the native OAuth2 filter and ours,
// so both hold a session obtained by their own, complete login against the same IdP.
import { rawRequest, NAVIGATE, type RawResponse } from "../tests/e2e/http.ts";

/** Cookies of one origin (host:port). Paths and expiry dates are ignored except for deletions. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  apply(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const deleted = attrs.some((a) => {
        const [k, v = ""] = a.split("=");
        if (k.toLowerCase() === "max-age") return Number(v) <= 0;
        if (k.toLowerCase() === "expires") return Date.parse(v) < Date.now();
        return false;
      });
      if (deleted || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }
}

export interface LoginResult {
  /** The gateway's cookies after the login: what every benchmark request carries. */
  jar: CookieJar;
  /** The final answer of the protected page (200 from the backend). */
  final: RawResponse;
  steps: string[];
}

const MAX_STEPS = 20;

function formAction(html: string): string | undefined {
  const m = /<form[^>]*id="login-form"[^>]*action="([^"]+)"/.exec(html);
  return m ? m[1].replace(/&amp;/g, "&") : undefined;
}

/**
 * GETs `url` as a browser navigation and follows the login until the page answers 200.
 * Throws (with the steps taken) if that takes more than MAX_STEPS requests or ends anywhere else.
 */
export async function browserLogin(url: string, user: { username: string; password: string }): Promise<LoginResult> {
  const jars = new Map<string, CookieJar>();
  const jarOf = (u: URL): CookieJar => {
    let jar = jars.get(u.host);
    if (!jar) jars.set(u.host, (jar = new CookieJar()));
    return jar;
  };
  const steps: string[] = [];
  let next = new URL(url);
  let method = "GET";
  let body: string | undefined;
  for (let i = 0; i < MAX_STEPS; i++) {
    const jar = jarOf(next);
    const headers: Record<string, string> = { ...NAVIGATE };
    if (jar.cookies.size > 0) headers.cookie = jar.header();
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const r = await rawRequest(next.toString(), { method, headers, body });
    steps.push(`${method} ${next.origin}${next.pathname} -> ${r.status}`);
    jar.apply(r.setCookies);
    method = "GET";
    body = undefined;
    if (r.status >= 300 && r.status < 400 && r.location) {
      next = new URL(r.location, next);
      continue;
    }
    const action = r.status === 200 ? formAction(r.body) : undefined;
    if (action) {
      next = new URL(action, next);
      method = "POST";
      body = new URLSearchParams({ username: user.username, password: user.password }).toString();
      continue;
    }
    if (r.status === 200 && next.origin === new URL(url).origin) return { jar: jarOf(next), final: r, steps };
    throw new Error(`login through ${url} ended with ${r.status} at ${next}:\n  ${steps.join("\n  ")}\n${r.body.slice(0, 500)}`);
  }
  throw new Error(`login through ${url} took more than ${MAX_STEPS} requests:\n  ${steps.join("\n  ")}`);
}
