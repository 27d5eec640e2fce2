import { describe, expect, it } from "vitest";
import { isRedirectAllowed } from "./redirect";

const settings = {
  siteUrl: "http://localhost:3000",
  additionalRedirectUrls: ["http://127.0.0.1:3000", "https://*.example.test/auth/**", "myapp://callback"],
};

describe("isRedirectAllowed", () => {
  it("allows any URL on site_url's host", () => {
    expect(isRedirectAllowed(settings, "http://localhost:3000/welcome?x=1")).toBe(true);
    expect(isRedirectAllowed(settings, "http://localhost:4000/elsewhere")).toBe(true);
  });

  it("matches additional_redirect_urls exactly or as globs: * stops at . and /, ** does not", () => {
    expect(isRedirectAllowed(settings, "http://127.0.0.1:3000")).toBe(true);
    expect(isRedirectAllowed(settings, "http://127.0.0.1:3000/deeper")).toBe(false);
    expect(isRedirectAllowed(settings, "https://preview.example.test/auth/callback/x")).toBe(true);
    expect(isRedirectAllowed(settings, "https://a.b.example.test/auth/callback")).toBe(false);
    expect(isRedirectAllowed(settings, "myapp://callback")).toBe(true);
  });

  it("refuses other hosts, script URLs and garbage", () => {
    expect(isRedirectAllowed(settings, "https://evil.test/")).toBe(false);
    expect(isRedirectAllowed(settings, "javascript:alert(1)")).toBe(false);
    expect(isRedirectAllowed(settings, "not a url")).toBe(false);
    expect(isRedirectAllowed(settings, "")).toBe(false);
  });
});
