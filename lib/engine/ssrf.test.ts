import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedTargetError, isPrivateAddress, safeFetch, type Resolver } from "./ssrf";

/** The SSRF guard refuses before connecting: a loopback server counts the connections it gets. */
describe("safeFetch SSRF guard", () => {
  let server: http.Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end("reached"));
    server.on("connection", () => connections++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    "127.0.0.1",
    "10.0.0.1",
    "169.254.169.254",
    "100.64.1.1",
    "192.168.1.1",
    "172.16.0.1",
    "224.0.0.1",
    "0.0.0.0",
    "::1",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
  ])("treats %s as private", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it("allows public addresses", () => {
    expect(isPrivateAddress("93.184.216.34")).toBe(false);
    expect(isPrivateAddress("2606:2800:220:1:248:1893:25c8:1946")).toBe(false);
  });

  it.each(["127.0.0.1", "169.254.169.254", "10.0.0.1", "[::1]"])(
    "refuses http://%s before connecting",
    async (host) => {
      const before = connections;
      await expect(safeFetch(`http://${host}:${port}/`, { timeoutMs: 1000 })).rejects.toBeInstanceOf(
        BlockedTargetError,
      );
      expect(connections).toBe(before);
    },
  );

  it("refuses a name that resolves to loopback (custom resolver) and localhost", async () => {
    const resolve: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const before = connections;
    await expect(safeFetch(`http://api.example.test:${port}/`, { resolve })).rejects.toBeInstanceOf(
      BlockedTargetError,
    );
    await expect(safeFetch(`http://localhost:${port}/`)).rejects.toBeInstanceOf(BlockedTargetError);
    expect(connections).toBe(before);
  });

  it("connects to the vetted (pinned) address, not to what the name resolves to later", async () => {
    const ok = await safeFetch(`http://pinned.example.test:${port}/`, {
      allowPrivate: true,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    expect(ok.body.toString()).toBe("reached");
  });
});
