import type { IncomingMessage, ServerResponse } from "node:http";
import { blockCrossSiteDEV } from "next/dist/server/lib/router-utils/block-cross-site-dev";
import { describe, expect, it, vi } from "vitest";
import nextConfig from "@/next.config";
import { isLoopbackHost, loopbackAliases, siteUrlForHost } from "./site-url";

describe("loopbackAliases", () => {
  it.each([
    ["http://localhost:3000", ["http://127.0.0.1:3000", "http://[::1]:3000"]],
    ["http://127.0.0.1:4500/", ["http://localhost:4500", "http://[::1]:4500"]],
    ["https://localhost", ["https://127.0.0.1", "https://[::1]"]],
  ])("names %s's other loopback origins", (site, aliases) => {
    expect(loopbackAliases(site)).toEqual(aliases);
  });

  it.each(["https://app.example.com", "http://192.168.1.10:3000", "not a url"])("has none for %s", (site) => {
    expect(loopbackAliases(site)).toEqual([]);
  });

  it("knows the loopback names, in any case", () => {
    expect(["LOCALHOST", "127.0.0.1", "[::1]"].map(isLoopbackHost)).toEqual([true, true, true]);
    expect(["example.com", "127.0.0.2", "localhost.example.com"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("siteUrlForHost", () => {
  it("follows the loopback name the browser used, on the site's port", () => {
    expect(siteUrlForHost("http://localhost:3000", "127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(siteUrlForHost("http://127.0.0.1:3000", "localhost:3000")).toBe("http://localhost:3000");
    expect(siteUrlForHost("http://localhost:3000", "[::1]:3000")).toBe("http://[::1]:3000");
  });

  it("keeps the configured site URL for its own host, and when no host is known", () => {
    expect(siteUrlForHost("http://localhost:3000", "localhost:3000")).toBe("http://localhost:3000");
    expect(siteUrlForHost("http://localhost:3000", null)).toBe("http://localhost:3000");
  });

  it.each([
    ["another port", "http://localhost:3000", "127.0.0.1:9999"],
    ["another machine", "http://localhost:3000", "evil.example:3000"],
    ["a public site", "https://app.example.com", "127.0.0.1"],
    ["a malformed host", "http://localhost:3000", "a b/c"],
  ])("never lets a Host header pick %s", (_what, site, host) => {
    expect(siteUrlForHost(site, host)).toBe(site);
  });
});

describe("next dev on every loopback name", () => {
  // Next's own check of a dev-resource request (its HMR socket, its scripts), with our config.
  vi.spyOn(console, "warn").mockImplementation(() => {}); // Next explains each refusal at length
  const blocked = (origin: string) => {
    const req = { url: "/_next/hmr?id=x", headers: { origin } } as unknown as IncomingMessage;
    const res = { statusCode: 200, end: () => {} } as unknown as ServerResponse;
    return blockCrossSiteDEV(req, res, nextConfig.allowedDevOrigins, undefined);
  };

  it("serves its resources to pages opened on localhost, 127.0.0.1 and [::1]", () => {
    expect(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"].map(blocked)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("still refuses them to any other origin", () => {
    expect(["http://evil.example", "http://192.168.1.10:3000", "http://127.0.0.2:3000"].map(blocked)).toEqual(
      [true, true, true],
    );
  });
});
