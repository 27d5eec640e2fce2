import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  newNonce,
  scriptHash,
  servedOverHttps,
  STATIC_SECURITY_HEADERS,
} from "./security-headers";

/** The policy as directive → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  const nonce = newNonce();
  const production = parse(contentSecurityPolicy({ nonce, scriptHashes: ["'sha256-abc='"] }));

  it("runs scripts only by this request's nonce or a listed hash: no unsafe-inline, no eval", () => {
    const scripts = production.get("script-src")!;
    expect(scripts).toContain(`'nonce-${nonce}'`);
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).toContain("'sha256-abc='");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts.some((s) => s === "*" || s.startsWith("http") || s === "data:")).toBe(false);
  });

  it("forbids framing, plugins, <base> and posting forms elsewhere", () => {
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("base-uri")).toEqual(["'none'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.get("default-src")).toEqual(["'self'"]);
  });

  it("allows eval and HMR's WebSocket under next dev only, and upgrades requests over HTTPS only", () => {
    const dev = parse(contentSecurityPolicy({ nonce, dev: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("script-src")).not.toContain("'unsafe-inline'");
    expect(production.has("upgrade-insecure-requests")).toBe(false);
    expect(parse(contentSecurityPolicy({ nonce, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("gets a new, unguessable nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from(newNonce(), "base64")).toHaveLength(16);
  });
});

describe("scriptHash", () => {
  it("is the sha256 of the script's exact text, as browsers compute it", async () => {
    const text = 'document.documentElement.setAttribute("x","")';
    const expected = createHash("sha256").update(text).digest("base64");
    expect(await scriptHash(text)).toBe(`'sha256-${expected}'`);
  });
});

describe("the fixed headers and HTTPS", () => {
  it("sends nosniff, a referrer policy and no framing on every response", () => {
    expect(STATIC_SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
    expect(STATIC_SECURITY_HEADERS["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(STATIC_SECURITY_HEADERS["X-Frame-Options"]).toBe("DENY");
  });

  it("knows HTTPS from the URL or a proxy's X-Forwarded-Proto", () => {
    expect(servedOverHttps(new Request("https://app.example/"))).toBe(true);
    expect(servedOverHttps(new Request("http://app.example/"))).toBe(false);
    const proxied = new Request("http://10.0.0.5:3000/", { headers: { "x-forwarded-proto": "https" } });
    expect(servedOverHttps(proxied)).toBe(true);
  });
});
