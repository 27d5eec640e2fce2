import { tooManyRequests } from "./errors";

/**
 * Fixed-window request counters, in memory: the local stack is one process, and a restart
 * forgetting the counts is fine for development. Over the limit is GoTrue's 429.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request under `key`; throws 429 over_request_rate_limit past `limit` per window. */
  hit(key: string, limit: number, windowSeconds: number): void {
    const now = this.now();
    const current = this.windows.get(key);
    const bucket =
      current && now - current.startedAt < windowSeconds * 1000 ? current : { startedAt: now, count: 0 };
    if (bucket !== current) {
      this.sweep(now, windowSeconds);
      this.windows.set(key, bucket);
    }
    bucket.count += 1;
    if (bucket.count > limit) throw tooManyRequests("over_request_rate_limit", "Request rate limit reached");
  }

  /** Drops finished windows now and then so the map cannot grow without bound. */
  private sweep(now: number, windowSeconds: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, w] of this.windows) {
      if (now - w.startedAt >= windowSeconds * 1000) this.windows.delete(key);
    }
  }
}
