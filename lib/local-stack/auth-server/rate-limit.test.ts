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
