import { ApiError, tooManyRequests } from "./errors";

/**
 * Fixed-window request counters, in memory: the local stack is one process, and a restart
 * forgetting the counts is fine for development. Over the limit is GoTrue's 429.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request under `key`; throws 429 over_request_rate_limit past `limit` per window. */
  hit(key: string, limit: number, windowSeconds: number): void {
    this.record(key, windowSeconds);
    if (this.current(key, windowSeconds)!.count > limit) {
      throw tooManyRequests("over_request_rate_limit", "Request rate limit reached");
    }
  }

  /**
   * Throws 429 over_request_rate_limit with `message` (and Retry-After) when `key` already has
   * `limit` hits in this window. Counts nothing: pair it with record() for what should count.
   */
  assertBelow(key: string, limit: number, windowSeconds: number, message: string): void {
    const bucket = this.current(key, windowSeconds);
    if (!bucket || bucket.count < limit) return;
    const retryAfter = Math.max(1, Math.ceil((bucket.startedAt + windowSeconds * 1000 - this.now()) / 1000));
    const text = message.replace("{seconds}", String(retryAfter));
    throw new ApiError(429, "over_request_rate_limit", text, {}, { "retry-after": String(retryAfter) });
  }

  /** Counts one hit under `key` in the current window. */
  record(key: string, windowSeconds: number): void {
    const now = this.now();
    let bucket = this.current(key, windowSeconds);
    if (!bucket) {
      this.sweep(now, windowSeconds);
      bucket = { startedAt: now, count: 0 };
      this.windows.set(key, bucket);
    }
    bucket.count += 1;
  }

  private current(key: string, windowSeconds: number) {
    const bucket = this.windows.get(key);
    return bucket && this.now() - bucket.startedAt < windowSeconds * 1000 ? bucket : undefined;
  }

  /** Drops finished windows now and then so the map cannot grow without bound. */
  private sweep(now: number, windowSeconds: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, w] of this.windows) {
      if (now - w.startedAt >= windowSeconds * 1000) this.windows.delete(key);
    }
  }
}
