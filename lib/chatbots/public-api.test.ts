import { describe, expect, it } from "vitest";
import { clientIp } from "./public-api";
import { hashToken, newVisitorToken, visitorTokenMatches } from "./runtime";

const withForwarded = (value: string) =>
  new Request("http://localhost/", { headers: { "x-forwarded-for": value } });

describe("clientIp", () => {
  it("takes the address our proxy appended, not what the client wrote before it", () => {
    expect(clientIp(withForwarded("6.6.6.6, 203.0.113.9"), {})).toBe("203.0.113.9");
    expect(clientIp(withForwarded("203.0.113.9"), {})).toBe("203.0.113.9");
  });

  it("walks back over as many proxies as TRUSTED_PROXY_HOPS says", () => {
    const chain = withForwarded("6.6.6.6, 203.0.113.9, 10.0.0.2");
    expect(clientIp(chain, { TRUSTED_PROXY_HOPS: "2" })).toBe("203.0.113.9");
    // More hops than entries: the first entry, not nothing.
    expect(clientIp(withForwarded("203.0.113.9"), { TRUSTED_PROXY_HOPS: "3" })).toBe("203.0.113.9");
    expect(clientIp(chain, { TRUSTED_PROXY_HOPS: "nonsense" })).toBe("10.0.0.2");
  });

  it("falls back to X-Real-IP, then to one shared bucket", () => {
    expect(clientIp(new Request("http://localhost/", { headers: { "x-real-ip": "198.51.100.4" } }), {})).toBe(
      "198.51.100.4",
    );
    expect(clientIp(new Request("http://localhost/"), {})).toBe("unknown");
  });
});

describe("visitor tokens", () => {
  it("match only the token whose hash the session keeps", () => {
    const token = newVisitorToken();
    expect(visitorTokenMatches(hashToken(token), token)).toBe(true);
    expect(visitorTokenMatches(hashToken(token), newVisitorToken())).toBe(false);
    expect(visitorTokenMatches("not-a-hash", token)).toBe(false);
  });
});
