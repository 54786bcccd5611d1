// Plain HTTP/1.1 requests for the end-to-end tests. Node's fetch (undici) adds Sec-Fetch-Mode: cors
// and refuses to send forbidden headers, so it cannot play a browser navigation; node:http sends
// exactly the headers given, repeated ones included, and never follows redirects.
import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every Set-Cookie header value. */
  setCookies: string[];
  location: string | undefined;
  body: string;
}

/** Headers of a top-level browser navigation. */
export const NAVIGATE: Record<string, string> = {
  accept: "text/html,application/xhtml+xml",
  "sec-fetch-mode": "navigate",
  "sec-fetch-site": "none",
  "user-agent": "Mozilla/5.0 (e2e)",
};

/** One request; `headers` may be pairs to send a header name twice. Bounded by `timeoutMs`. */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string> | [string, string][]; body?: string; timeoutMs?: number } = {}): Promise<RawResponse> {
  const u = new URL(url);
  const flat: string[] = [];
  const given = options.headers ?? {};
  const pairs = Array.isArray(given) ? given : Object.entries(given);
  // With raw header pairs node:http adds no Host header of its own.
  if (!pairs.some(([k]) => k.toLowerCase() === "host")) flat.push("host", u.host);
  for (const [k, v] of pairs) flat.push(k, v);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: options.method ?? "GET",
      headers: flat, timeout: options.timeoutMs ?? 10_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const sc = res.headers["set-cookie"];
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          setCookies: Array.isArray(sc) ? sc : sc ? [sc] : [],
          location: typeof res.headers.location === "string" ? res.headers.location : undefined,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** Polls (bounded) until a protected browser GET stops answering 503: the filter knows the IdP. */
export async function waitForFilterReady(gatewayUrl: string, path = "/productpage", timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await rawRequest(`${gatewayUrl}${path}`, { headers: NAVIGATE });
    if (r.status !== 503) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`the filter at ${gatewayUrl} never became ready`);
}
