// The protected application for load tests: answers every request with the `sub` of the bearer JWT it
// received ("sub:<sub>", or "none" without one; its header's kid in X-Token-Kid) and only counts, so 100,000 requests cost it almost nothing
// and keep no per-request memory (the harness's echo backend records every request).
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { decodeJwtClaims } from "../harness/backend.ts";

export interface CountingBackend {
  url: string;
  port: number;
  /** Requests seen, and those among them that carried no bearer token. */
  counts: { total: number; withoutBearer: number };
  stop(): Promise<void>;
}

function jwtHeader(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function startCountingBackend(): Promise<CountingBackend> {
  const counts = { total: 0, withoutBearer: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    counts.total++;
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const sub = match ? decodeJwtClaims(match[1])?.sub : undefined;
    const kid = match ? jwtHeader(match[1])?.kid : undefined;
    if (typeof sub !== "string") counts.withoutBearer++;
    req.resume();
    req.on("end", () => {
      // The signing key's id, for tests of key rotation.
      const headers: Record<string, string> = { "content-type": "text/plain", "cache-control": "no-store" };
      if (typeof kid === "string") headers["x-token-kid"] = kid;
      res.writeHead(200, headers);
      res.end(typeof sub === "string" ? `sub:${sub}` : "none");
    });
  });
  // Envoy pools its connections here; an idle timer on this side could close one under a new request.
  server.keepAliveTimeout = 0;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
