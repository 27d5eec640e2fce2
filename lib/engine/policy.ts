import { z } from "zod";

/**
 * How a step behaves when it fails: retries with exponential backoff and jitter, a timeout, and
 * whether the run goes on. Read from the step's config (`retry`, `timeout_ms`, `continue_on_fail`)
 * defensively, so a draft with odd values still runs with sane limits.
 */

export const RETRY_ON = ["transient", "any"] as const;

const policySchema = z.object({
  retry: z
    .object({
      max_attempts: z.coerce.number().int().min(1).max(10).catch(1),
      backoff_ms: z.coerce.number().int().min(0).max(3_600_000).catch(1000),
      max_backoff_ms: z.coerce.number().int().min(0).max(86_400_000).catch(300_000),
      /** transient: network errors, timeouts, HTTP 429 and 5xx; any: every error. */
      retry_on: z.enum(RETRY_ON).catch("transient"),
    })
    .partial()
    .catch({}),
  timeout_ms: z.coerce.number().int().min(1).max(900_000).optional().catch(undefined),
  continue_on_fail: z.boolean().catch(false).optional(),
});

export type StepPolicy = {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  retryOn: (typeof RETRY_ON)[number];
  timeoutMs: number;
  continueOnFail: boolean;
};

export const DEFAULT_STEP_TIMEOUT_MS = 120_000;

export function stepPolicy(
  config: Record<string, unknown> | undefined,
  defaultTimeoutMs = DEFAULT_STEP_TIMEOUT_MS,
): StepPolicy {
  const parsed = policySchema.safeParse(config ?? {});
  const p = parsed.success ? parsed.data : { retry: {} as Record<string, undefined> };
  return {
    maxAttempts: p.retry.max_attempts ?? 1,
    backoffMs: p.retry.backoff_ms ?? 1000,
    maxBackoffMs: p.retry.max_backoff_ms ?? 300_000,
    retryOn: p.retry.retry_on ?? "transient",
    timeoutMs: ("timeout_ms" in p && p.timeout_ms) || defaultTimeoutMs,
    continueOnFail: ("continue_on_fail" in p && p.continue_on_fail) || false,
  };
}

/** Delay before attempt `attempt + 1` ("full jitter": uniform in [base/2, base]). */
export function backoffDelay(
  policy: StepPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

/** An error a step raises, saying whether trying again could help. */
export class StepError extends Error {
  readonly retryable: boolean;
  readonly details?: unknown;
  constructor(message: string, options: { retryable?: boolean; details?: unknown } = {}) {
    super(message);
    this.name = "StepError";
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

export function isRetryable(error: unknown, policy: StepPolicy): boolean {
  if (policy.retryOn === "any") return true;
  return typeof error === "object" && error !== null && (error as { retryable?: unknown }).retryable === true;
}
