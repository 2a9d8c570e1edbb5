/**
 * The dashboard's HTTP server: Next's request handler behind a plain Node server that owns the socket.
 * Next gives proxy.ts, actions and route handlers no peer address (NextRequest.ip is gone since Next 15 and
 * X-Forwarded-For is whatever the client sent), so this server stamps each request with its peer address and
 * a per-process secret; lib/security/policy.ts honours X-Forwarded-Host only when that stamp names a
 * BINARYGATE_TRUSTED_PROXY (docs/security.md promise 3). Used by `npm start` and, with --dev, by `npm run dev`.
 *
 * Environment: PORT (3000), BINARYGATE_DASHBOARD_HOST (127.0.0.1). Usage: tsx scripts/serve-dashboard.ts [--dev]
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import next from "next";
import { PEER_HEADER } from "../lib/security/policy";

/** Replaces whatever the client sent in the peer header with the socket's real address. */
export function stampPeer(req: IncomingMessage, nonce: string): void {
  delete req.headers[PEER_HEADER];
  const address = req.socket.remoteAddress;
  if (address) req.headers[PEER_HEADER] = `${nonce} ${address}`;
}

/** Starts Next (production build, or dev with hot reload) behind the peer-stamping server. */
export async function serveDashboard(opts: { dev: boolean; host: string; port: number }): Promise<Server> {
  const nonce = randomBytes(32).toString("hex");
  // Read by lib/config.ts in this same process; a client cannot know it, so it cannot forge a stamp.
  process.env.BINARYGATE_PEER_NONCE = nonce;
  const app = next({ dev: opts.dev, dir: join(import.meta.dirname, ".."), hostname: opts.host, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    stampPeer(req, nonce);
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith("serve-dashboard.ts")) {
  const dev = process.argv.includes("--dev");
  const host = process.env.BINARYGATE_DASHBOARD_HOST || "127.0.0.1";
  const port = Number(process.env.PORT ?? 3000);
  serveDashboard({ dev, host, port }).then(
    () => console.log(`binarygate: dashboard ${dev ? "(dev, hot reload) " : ""}listening on ${host}:${port}`),
    (err: unknown) => {
      console.error("binarygate: the dashboard could not start:", err);
      process.exit(1);
    },
  );
}
