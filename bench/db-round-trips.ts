/**
 * A TCP relay between the app and Postgres that counts database round trips: on each connection,
 * every time the app starts sending again after the server has answered is one round trip (what
 * the app waits for). Statements postgres.js pipelines together travel in one of them, so this
 * counts what latency costs, not statements.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export type RoundTripCounter = {
  /** The port the app should connect to instead of the database's. */
  port: number;
  /** Round trips seen so far, on all connections. */
  count: () => number;
  close: () => Promise<void>;
};

export async function startRoundTripCounter(target: {
  host: string;
  port: number;
}): Promise<RoundTripCounter> {
  let roundTrips = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    // Whether the last bytes on this connection went to the server (a turn starts when not).
    let sending = false;
    client.on("data", (chunk) => {
      if (!sending) roundTrips++;
      sending = true;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      sending = false;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    count: () => roundTrips,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
