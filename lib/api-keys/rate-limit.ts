import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";

/**
 * Rate limits of the REST API, per API key: a fixed window of a minute, counted in Postgres
 * (private.api_rate_hit, one upsert a request) so every app process counts the same window.
 * `API_RATE_LIMIT_PER_MINUTE` changes the limit (1,000 unless set).
 */
export const RATE_WINDOW_SECONDS = 60;

export function rateLimitPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(value) && value > 0 ? value : 1000;
}

export type RateCount = { limit: number; hits: number; resetSeconds: number };

const hitSchema = z.object({ hits: z.int(), reset_seconds: z.int() });

/** Counts one request of the key (on the service path, in the caller's transaction). */
export async function countRequest(tx: Tx, apiKeyId: string): Promise<RateCount> {
  const [row] =
    await tx`select hits, reset_seconds from private.api_rate_hit(${apiKeyId}, ${RATE_WINDOW_SECONDS})`;
  const { hits, reset_seconds } = hitSchema.parse(row);
  return { limit: rateLimitPerMinute(), hits, resetSeconds: reset_seconds };
}

/** The IETF draft's RateLimit-* headers (and Retry-After on a 429). */
export function rateLimitHeaders(rate: RateCount, refused: boolean): Record<string, string> {
  return {
    "RateLimit-Limit": String(rate.limit),
    "RateLimit-Remaining": String(Math.max(rate.limit - rate.hits, 0)),
    "RateLimit-Reset": String(rate.resetSeconds),
    ...(refused ? { "Retry-After": String(rate.resetSeconds) } : {}),
  };
}
