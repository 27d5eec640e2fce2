import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows `limit` hits per window and key, then 429, and opens again in the next window", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) limiter.hit("a", 3, 60);
    expect(() => limiter.hit("a", 3, 60)).toThrow(
      expect.objectContaining({ status: 429, code: "over_request_rate_limit" }),
    );
    expect(() => limiter.hit("b", 3, 60)).not.toThrow();
    now += 60_000;
    expect(() => limiter.hit("a", 3, 60)).not.toThrow();
  });
});

describe("RateLimiter.assertBelow and record", () => {
  it("refuses once `limit` hits were recorded, with Retry-After until the window ends", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const message = "Locked. Try again in {seconds} seconds.";
    limiter.assertBelow("k", 2, 300, message);
    limiter.record("k", 300);
    limiter.assertBelow("k", 2, 300, message);
    limiter.record("k", 300);
    now = 100_000;
    expect(() => limiter.assertBelow("k", 2, 300, message)).toThrow(
      expect.objectContaining({
        status: 429,
        code: "over_request_rate_limit",
        message: "Locked. Try again in 200 seconds.",
        headers: { "retry-after": "200" },
      }),
    );
    // Checking counts nothing; other keys are untouched; the next window starts afresh.
    expect(() => limiter.assertBelow("other", 2, 300, message)).not.toThrow();
    now = 300_000;
    expect(() => limiter.assertBelow("k", 2, 300, message)).not.toThrow();
  });
});
