import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { announcePeerAddressLayer, stampPeerAddress } from "./client-ip";

/**
 * Orgflow's server layer in front of Next's request handler (scripts/serve.ts): every request
 * carries its TCP peer in PEER_ADDRESS_HEADER, replacing anything the client sent there, and the
 * process is marked so that lib/http/client-ip.ts believes that header.
 */
export function createPeerAwareServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Server {
  announcePeerAddressLayer();
  const server = createServer((req, res) => {
    stampPeerAddress(req);
    handle(req, res).catch((e: unknown) => {
      console.error("[http] request failed:", e);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // Node's defaults would close idle keep-alive sockets before a typical load balancer does.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
