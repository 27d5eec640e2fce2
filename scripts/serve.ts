/**
 * The production server `npm start` runs (scripts/dev.ts --prod): Next's own request handler
 * behind a plain Node HTTP server, so the app can know its TCP peer. Next exposes no socket to
 * route handlers, and `next start` copies the peer into X-Forwarded-For only when the client sent
 * none, so with no proxy in front (TRUSTED_PROXY_HOPS=0) a client could name any address it liked.
 * Here every request gets the socket's address in PEER_ADDRESS_HEADER, replacing whatever the client
 * sent (see lib/http/client-ip.ts).
 *
 *   PORT (default 3000), HOSTNAME (default: every interface, as `next start`)
 */
import next from "next";
import { createPeerAwareServer } from "@/lib/http/peer-server";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;

async function main() {
  const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createPeerAwareServer((req, res) => handle(req, res));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: hostname }, resolve);
  });
  console.log(`  ▲ Next.js production server on http://${hostname ?? "localhost"}:${port}`);

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: Error) => {
  console.error(`\n  ✖ ${e.message}\n`);
  process.exit(1);
});
