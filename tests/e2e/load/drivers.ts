// Load drivers over the scripted login client: many logins through the full code flow, then many
// authenticated requests over a few keep-alive connections. Both only measure and collect failures; the
// tests decide what is acceptable.
import { Agent, request } from "node:http";
import { ScriptedUser, LoginError } from "./login-client.ts";
import { NAVIGATE } from "../http.ts";

export interface LoadUser { username: string; password: string; sub: string }

/** A logged-in session: its cookie header (the filter's cookies only) and whose it is. */
export interface LoadSession { cookie: string; sub: string }

export interface Failure { index: number; what: string }

/** Percentiles of a list of milliseconds. */
export function percentiles(ms: number[]): { p50: number; p90: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

export interface LoginRun {
  sessions: LoadSession[];
  failures: Failure[];
  /** Most logins in flight at one moment. */
  peakInFlight: number;
  ms: number;
  loginMs: number[];
  /** Time of the callback request alone: the filter's token exchange, ID token check and sealing. */
  callbackMs: number[];
  /** HTTP requests made in all (gateway and IdP). */
  requests: number;
}

/**
 * `count` scripted logins to `pageUrl`, at most `concurrency` in flight; login i uses users[i % users.length].
 * A login counts as successful only when it ends with 200 on the page and the backend saw that user's `sub`
 * (the counting backend answers "sub:<sub>").
 */
export async function runLogins(pageUrl: string, users: LoadUser[], count: number, concurrency: number): Promise<LoginRun> {
  const started = Date.now();
  const sessions: LoadSession[] = [];
  const failures: Failure[] = [];
  const loginMs: number[] = [];
  const callbackMs: number[] = [];
  let next = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let requests = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= count) return;
      const user = users[index % users.length];
      const client = new ScriptedUser(user, { timeoutMs: 30_000 });
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      try {
        const result = await client.login(pageUrl);
        requests += result.hops.length;
        loginMs.push(result.ms);
        const callback = result.hops.find((h) => new URL(h.url).pathname === "/oauth2/callback");
        if (callback) callbackMs.push(callback.ms);
        if (result.page.body !== `sub:${user.sub}`) {
          failures.push({ index, what: `the backend saw ${JSON.stringify(result.page.body)} instead of sub:${user.sub}` });
        } else {
          sessions.push({ cookie: client.jar.headerOnly(new URL(pageUrl), "oidc_"), sub: user.sub });
        }
      } catch (err) {
        if (err instanceof LoginError) requests += err.hops.length;
        failures.push({ index, what: (err instanceof Error ? err.message : String(err)) + (err instanceof LoginError && err.last ? "\n  body: " + err.last.body.slice(0, 300) : "") });
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { sessions, failures, peakInFlight, ms: Date.now() - started, loginMs, callbackMs, requests };
}

export interface HammerRun {
  ok: number;
  failures: Failure[];
  failureCount: number;
  /** TCP connections opened (ideally exactly `connections`: keep-alive held). */
  socketsOpened: number;
  ms: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

/**
 * `total` GETs of `pageUrl` over `connections` keep-alive connections, request i carrying the cookie of
 * sessions[i % sessions.length]. A request succeeds when it gets 200 with "sub:<that session's sub>".
 * `onProgress(done)` is called (not awaited) every `progressEvery` completed requests.
 */
export async function hammer(pageUrl: string, sessions: LoadSession[], total: number, connections: number,
  options: { progressEvery?: number; onProgress?: (done: number) => void; timeoutMs?: number } = {}): Promise<HammerRun> {
  const url = new URL(pageUrl);
  const started = Date.now();
  const failures: Failure[] = [];
  let failureCount = 0;
  let ok = 0;
  let next = 0;
  let done = 0;
  let socketsOpened = 0;
  const latencies = new Float64Array(total);
  const one = (agent: Agent, index: number): Promise<void> => new Promise((resolve) => {
    const session = sessions[index % sessions.length];
    const t = performance.now();
    const fail = (what: string): void => {
      failureCount++;
      if (failures.length < 20) failures.push({ index, what });
      resolve();
    };
    const req = request({
      host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent,
      headers: { ...NAVIGATE, cookie: session.cookie }, timeout: options.timeoutMs ?? 10_000,
    }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => { body += c; });
      res.on("error", (err) => fail(err.message));
      res.on("end", () => {
        latencies[index] = performance.now() - t;
        if (res.statusCode === 200 && body === `sub:${session.sub}`) {
          ok++;
          resolve();
        } else {
          fail(`${res.statusCode} ${body.slice(0, 120)}`);
        }
      });
    });
    req.on("socket", (s) => {
      if (!(s as any).__counted) { (s as any).__counted = true; socketsOpened++; }
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (err) => fail(err.message));
    req.end();
  });
  const worker = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (;;) {
        const index = next++;
        if (index >= total) return;
        await one(agent, index);
        done++;
        if (options.onProgress && options.progressEvery && done % options.progressEvery === 0) options.onProgress(done);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return {
    ok, failures, failureCount, socketsOpened, ms: Date.now() - started,
    latency: percentiles(Array.from(latencies)),
  };
}
