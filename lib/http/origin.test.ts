import { describe, expect, it } from "vitest";
import { assertSameOriginRequest } from "./origin";

const APP = "https://app.example";

function request(
  method: string,
  headers: Record<string, string>,
  url = `${APP}/o/acme/commissions/receipts`,
) {
  return new Request(url, { method, headers: { host: "app.example", ...headers } });
}

const passes = (r: Request) => {
  assertSameOriginRequest(r);
  return true;
};

describe("assertSameOriginRequest: unsafe methods (CSRF)", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("lets a same-origin %s through", (method) => {
    expect(passes(request(method, { origin: APP, "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it.each([
    ["another site's origin", { origin: "https://evil.example" }],
    ["a subdomain's origin", { origin: "https://evil.app.example" }],
    ["another port", { origin: "https://app.example:8443" }],
    ["another scheme's host spoof", { origin: "ftp://app.example" }],
    ["Origin: null (sandboxed frame)", { origin: "null" }],
    ["a malformed origin", { origin: "not a url" }],
    ["no origin, but Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["no origin, but Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site" }],
    ["a same-origin Origin contradicted by Sec-Fetch-Site", { origin: APP, "sec-fetch-site": "cross-site" }],
  ])("refuses a POST with %s", (_label, headers) => {
    expect(() => assertSameOriginRequest(request("POST", headers))).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
  });

  it("compares with x-forwarded-host when a proxy sets it, as Next does", () => {
    const behindProxy = (origin: string) =>
      request("POST", { origin, host: "10.0.0.5:3000", "x-forwarded-host": "app.example" });
    expect(passes(behindProxy(APP))).toBe(true);
    expect(() => assertSameOriginRequest(behindProxy("http://10.0.0.5:3000"))).toThrow();
  });

  it("lets a request from no browser through (no Origin, no Sec-Fetch-Site), as Next does", () => {
    expect(passes(request("POST", {}))).toBe(true);
  });
});

describe("assertSameOriginRequest: reads of data", () => {
  it.each([
    ["same-origin fetch", { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" }],
    ["typed in or a bookmark", { "sec-fetch-site": "none", "sec-fetch-mode": "navigate" }],
    [
      "a link from another site, opened as a page",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
    ],
    ["an older browser", {}],
  ])("serves a GET from %s", (_label, headers) => {
    expect(passes(request("GET", headers))).toBe(true);
  });

  it.each([
    ["another site's fetch with the cookie", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" }],
    [
      "another site's <img>",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" },
    ],
    [
      "another site's <script>",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" },
    ],
    [
      "another site's iframe",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "iframe" },
    ],
    ["another subdomain's fetch", { "sec-fetch-site": "same-site", "sec-fetch-mode": "cors" }],
  ])("refuses a GET from %s", (_label, headers) => {
    expect(() => assertSameOriginRequest(request("GET", headers))).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
  });
});
