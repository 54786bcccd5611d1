// A switchable HTTP proxy between Envoy's IdP cluster and the IdP, for fault-injection tests. The browser
// still talks to the IdP directly; only the filter's dispatched calls (discovery, JWKS, token endpoint)
// cross this proxy, so a test can break exactly the gateway → IdP path.
//
//   const proxy = await startFaultyProxy({ upstreamPort: idp.port });
//   startEnvoy({ ..., ports: { idp: proxy.port } });     // the IdP cluster now points at the proxy
//   await proxy.set({ kind: "slow", delayMs: 5_000 }, { paths: ["/token"] });
//   await proxy.set({ kind: "pass" });
//
// Faults (each one a way real IdPs and networks fail):
//   pass     forward unchanged
//   refuse   nothing listens on the port: connect() fails with ECONNREFUSED (IdP down)
//   close    accept and read the request, then close the connection without a byte (FIN)
//   slow     forward, but only after delayMs (a hung or overloaded IdP)
//   reset    forward, send the status line, headers and half the body, then a TCP RST
//   status   answer `status` (e.g. 500, 503) with a short text body
//   html     answer 200 with an HTML page (a captive portal, a proxy's error page, a login wall)
//   huge     answer 200 application/json with a body of `bytes` (default 10 MB)
import { createServer, request, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import type { Socket } from "node:net";

export type Fault =
  | { kind: "pass" }
  | { kind: "refuse" }
  | { kind: "close" }
  | { kind: "slow"; delayMs: number }
  | { kind: "reset" }
  | { kind: "status"; status: number }
  | { kind: "html" }
  | { kind: "huge"; bytes?: number };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The fault applied to this request ("pass" when it was forwarded unchanged). */
  fault: Fault["kind"];
  at: number;
}

export interface FaultyProxy {
  port: number;
  url: string;
  /** The fault in force. */
  readonly fault: Fault;
  /**
   * Switches the fault. `paths` limits it to requests whose path starts with one of the prefixes (the
   * rest pass through); "refuse" works on connections and always applies to every path.
   */
  set(fault: Fault, options?: { paths?: string[] }): Promise<void>;
  /** Every request seen, oldest first (a refused connection never becomes a request). */
  requests: ProxiedRequest[];
  /** Requests whose path (without the query) starts with `prefix`. */
  requestsTo(prefix: string): ProxiedRequest[];
  stop(): Promise<void>;
}

export const TEN_MB = 10 * 1024 * 1024;

const HTML_PAGE = `<!DOCTYPE html><html><head><title>Service Temporarily Unavailable</title></head>
<body><h1>Please sign in to the network</h1><p>This page was served instead of the expected JSON.</p></body></html>\n`;

function forward(upstreamPort: number, req: IncomingMessage, body: Buffer, onResponse: (res: IncomingMessage) => void, onError: () => void): () => void {
  // A fresh upstream connection per request: a pooled one can be closed by the IdP's keep-alive timer just
  // as a request is written, which would show up as a fault nobody injected.
  const headers = { ...req.headers, connection: "close" };
  delete headers["transfer-encoding"];
  headers["content-length"] = String(body.length);
  const upstream = request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers, agent: false }, onResponse);
  upstream.on("error", onError);
  upstream.end(body);
  return () => upstream.destroy();
}

export async function startFaultyProxy(options: { upstreamPort: number; port?: number }): Promise<FaultyProxy> {
  let fault: Fault = { kind: "pass" };
  let faultPaths: string[] | undefined;
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const applies = (path: string): boolean => faultPaths === undefined || faultPaths.some((p) => path.startsWith(p));

  // Requests to an IdP are small: read each one whole, then decide what to do with it.
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => respond(req, Buffer.concat(chunks), res));
  };

  const respond = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const path = (req.url ?? "").split("?")[0];
    const now: Fault = applies(path) ? fault : { kind: "pass" };
    requests.push({ method: req.method ?? "", path, fault: now.kind, at: Date.now() });
    let cancel: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    // The client (Envoy) gave up, e.g. on its timeout: drop whatever is still pending for it.
    res.on("close", () => {
      clearTimeout(timer);
      cancel?.();
    });
    const relay = (up: IncomingMessage): void => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    };
    switch (now.kind) {
      case "pass":
      case "refuse": // a request on a connection accepted just before the switch: serve it
        cancel = forward(options.upstreamPort, req, body, relay, () => res.destroy());
        return;
      case "slow":
        timer = setTimeout(() => {
          cancel = forward(options.upstreamPort, req, body, relay, () => res.destroy());
        }, now.delayMs);
        return;
      case "close":
        req.socket.destroy();
        return;
      case "reset":
        cancel = forward(options.upstreamPort, req, body, (up) => {
          const parts: Buffer[] = [];
          up.on("data", (c: Buffer) => parts.push(c));
          up.on("end", () => {
            const full = Buffer.concat(parts);
            const headers = { ...up.headers, "content-length": String(Math.max(full.length, 2)) };
            delete headers["transfer-encoding"];
            res.writeHead(up.statusCode ?? 200, headers);
            res.write(full.subarray(0, Math.max(1, full.length >> 1)), () => req.socket.resetAndDestroy());
          });
        }, () => res.destroy());
        return;
      case "status":
        res.writeHead(now.status, { "content-type": "text/plain" });
        res.end(`upstream says ${now.status}\n`);
        return;
      case "html":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(HTML_PAGE);
        return;
      case "huge": {
        const size = now.bytes ?? TEN_MB;
        // Valid JSON all the way (a string of spaces inside an object), so only its size is wrong.
        const huge = Buffer.alloc(size, 0x20);
        huge.write('{"access_token":"', 0);
        huge.write('"}', size - 2);
        res.writeHead(200, { "content-type": "application/json", "content-length": String(size) });
        res.end(huge);
        return;
      }
    }
  };

  const server: Server = createServer(handle);
  // Envoy pools its upstream connections; never let an idle timer here close one under a new request.
  server.keepAliveTimeout = 0;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address !== null ? address.port : port);
      });
    });
  const unlisten = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  const port = await listen(options.port ?? 0);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get fault() { return fault; },
    requests,
    requestsTo: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    async set(next, setOptions = {}) {
      const wasRefusing = fault.kind === "refuse";
      fault = next;
      faultPaths = next.kind === "refuse" ? undefined : setOptions.paths;
      if (next.kind === "refuse" && !wasRefusing) await unlisten();
      if (next.kind !== "refuse" && wasRefusing) await listen(port);
    },
    async stop() {
      await unlisten();
    },
  };
}
