/** How failed deliveries are retried: 30 s doubling, at most 12 h apart, 16 attempts ≈ 3 days. */
export const MAX_ATTEMPTS = 16;

/** The wait before attempt `attempt + 1`, after `attempt` failed ones (±10% jitter). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 12 * 3600_000);
  return Math.round(base * (0.9 + 0.2 * random()));
}
