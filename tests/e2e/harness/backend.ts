// The protected application behind Envoy: an echo server that shows what actually reached it.
//   GET /__echo  → JSON { method, path, headers }
//   anything else → HTML with the path and the claims of the `Authorization: Bearer` JWT (or "no token")
// Every request is recorded, so a test can prove that an unauthenticated request never got here.
import { createServer, type IncomingMessage, type IncomingHttpHeaders } from "node:http";
import { freePort } from "./processes.ts";

export interface SeenRequest {
  method: string;
  /** The request target exactly as received (path + query), after Envoy's normalization. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Claims of the bearer JWT (decoded, NOT verified: this is an echo), or undefined without one. */
  claims: Record<string, unknown> | undefined;
  at: number;
}

export interface RunningBackend {
  url: string;
  port: number;
  /** Every request seen so far, oldest first. */
  requests: SeenRequest[];
  /** Requests whose path (without the query) equals `path`. */
  requestsTo(path: string): SeenRequest[];
  stop(): Promise<void>;
}

/** Payload of a compact JWS, decoded without verification; undefined when it is not one. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function bearerClaims(req: IncomingMessage): Record<string, unknown> | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return match ? decodeJwtClaims(match[1]) : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(seen: SeenRequest): string {
  const claims = seen.claims
    ? `<pre id="claims">${escapeHtml(JSON.stringify(seen.claims, null, 2))}</pre>`
    : `<p id="claims">no token</p>`;
  const who = typeof seen.claims?.email === "string" ? seen.claims.email : typeof seen.claims?.sub === "string" ? seen.claims.sub : "";
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>backend ${escapeHtml(seen.path)}</title></head>
<body>
  <h1>Backend</h1>
  <p>path: <code id="path">${escapeHtml(seen.path)}</code></p>
  <p>user: <span id="user">${escapeHtml(who)}</span></p>
  ${claims}
</body></html>
`;
}

export async function startBackend(options: { port?: number } = {}): Promise<RunningBackend> {
  const port = options.port ?? (await freePort());
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      claims: bearerClaims(req),
      at: Date.now(),
    };
    requests.push(seen);
    // Drain any body so keep-alive connections stay usable; the echo does not need it.
    req.resume();
    req.on("end", () => {
      const pathOnly = seen.path.split("?")[0];
      if (pathOnly === "/__echo") {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify({ method: seen.method, path: seen.path, headers: seen.headers }));
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(page(seen));
    });
  });
  // Envoy keeps upstream connections; do not let an idle one hold stop() open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path.split("?")[0] === path),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
