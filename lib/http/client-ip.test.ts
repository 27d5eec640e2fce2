import { afterEach, describe, expect, it } from "vitest";
import {
  announcePeerAddressLayer,
  clientIp,
  normalizeIp,
  PEER_ADDRESS_HEADER,
  trustedProxyHops,
} from "./client-ip";

const LAYER_MARK = Symbol.for("orgflow.peerAddressLayer");
const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
const forwarded = (value: string) => request({ "x-forwarded-for": value });

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[LAYER_MARK];
});

describe("clientIp with no trusted proxy (TRUSTED_PROXY_HOPS unset or 0)", () => {
  it("never believes X-Forwarded-For or X-Real-IP: without the server layer the address is unknown", () => {
    expect(clientIp(forwarded("6.6.6.6"), {})).toBeNull();
    expect(clientIp(request({ "x-real-ip": "6.6.6.6" }), {})).toBeNull();
    // A client writing the layer's own header gets nowhere while no layer vouches for it.
    expect(clientIp(request({ [PEER_ADDRESS_HEADER]: "6.6.6.6" }), {})).toBeNull();
  });

  it("takes the socket address the server layer stamped, whatever X-Forwarded-For says", () => {
    announcePeerAddressLayer();
    const stamped = request({ [PEER_ADDRESS_HEADER]: "::ffff:192.0.2.10", "x-forwarded-for": "6.6.6.6" });
    expect(clientIp(stamped, {})).toBe("192.0.2.10");
    expect(clientIp(stamped, { TRUSTED_PROXY_HOPS: "0" })).toBe("192.0.2.10");
    expect(clientIp(stamped.headers, {})).toBe("192.0.2.10");
    // Next's ReadonlyHeaders (what `await headers()` gives) has a `headers` field of its own.
    const readonlyHeaders = Object.assign(new Headers(stamped.headers), { headers: { raw: "object" } });
    expect(clientIp(readonlyHeaders, {})).toBe("192.0.2.10");
  });
});

describe("clientIp behind trusted proxies", () => {
  it("takes the address our one proxy appended, not what the client wrote before it", () => {
    const env = { TRUSTED_PROXY_HOPS: "1" };
    expect(clientIp(forwarded("6.6.6.6, 203.0.113.9"), env)).toBe("203.0.113.9");
    expect(clientIp(forwarded("203.0.113.9"), env)).toBe("203.0.113.9");
    expect(clientIp(request({}), env)).toBeNull();
  });

  it("walks back over as many proxies as TRUSTED_PROXY_HOPS says", () => {
    const chain = forwarded("6.6.6.6, 203.0.113.9, 10.0.0.2");
    expect(clientIp(chain, { TRUSTED_PROXY_HOPS: "2" })).toBe("203.0.113.9");
    // More hops than entries: the furthest address any of our proxies saw.
    expect(clientIp(forwarded("203.0.113.9"), { TRUSTED_PROXY_HOPS: "3" })).toBe("203.0.113.9");
  });

  it("refuses what is not an address, so no made-up text becomes a rate-limit key", () => {
    const env = { TRUSTED_PROXY_HOPS: "1" };
    expect(clientIp(forwarded("1.2.3.4, not-an-ip"), env)).toBeNull();
    expect(clientIp(forwarded("1.2.3.4, 999.1.1.1"), env)).toBeNull();
    expect(clientIp(forwarded(`1.2.3.4, ${"a".repeat(500)}`), env)).toBeNull();
  });
});

describe("trustedProxyHops", () => {
  it("is 0 by default and for anything that is not a small whole number", () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "nonsense" })).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "-1" })).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "2" })).toBe(2);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "99" })).toBe(10);
  });
});

describe("normalizeIp", () => {
  it("keeps IPv4 and IPv6, writes IPv4-mapped IPv6 as IPv4 and drops ports and brackets", () => {
    expect(normalizeIp("203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeIp("203.0.113.9:5678")).toBe("203.0.113.9");
    expect(normalizeIp("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeIp("unknown")).toBeNull();
    expect(normalizeIp("")).toBeNull();
  });
});
