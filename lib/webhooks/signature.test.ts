import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader, verifyWebhookSignature } from "./signature";
import { retryDelayMs } from "./retry";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"id":"evt","type":"contact.created"}';

  it("signs like Stripe: t=<ts>,v1=HMAC-SHA256(secret, `${t}.${body}`)", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signatureHeader(secret, body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies its own signature and refuses a changed body, another secret or an old timestamp", () => {
    const now = 1_800_000_000;
    const header = signatureHeader(secret, body, now);
    expect(verifyWebhookSignature(header, body, secret, { now })).toBe(true);
    expect(verifyWebhookSignature(header, body + " ", secret, { now })).toBe(false);
    expect(verifyWebhookSignature(header, body, "whsec_other", { now })).toBe(false);
    expect(verifyWebhookSignature(header, body, secret, { now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature("v1=abc", body, secret, { now })).toBe(false);
  });

  it("makes secrets that differ every time", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("backs off exponentially up to 12 hours between attempts", () => {
    const mid = () => 0.5;
    expect(retryDelayMs(1, mid)).toBe(30_000);
    expect(retryDelayMs(2, mid)).toBe(60_000);
    expect(retryDelayMs(5, mid)).toBe(480_000);
    expect(retryDelayMs(15, mid)).toBe(12 * 3600_000);
    const total = Array.from({ length: 15 }, (_, i) => retryDelayMs(i + 1, mid)).reduce((s, d) => s + d, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
  });
});
