import { z } from "zod";
import { onErrorOf, RETRY_ON, STEP_SETTINGS_LIMITS as LIMITS } from "@/lib/workflows/nodes/step-settings";

/**
 * How a step behaves when it fails: retries with exponential backoff and jitter, a timeout, and
 * whether the run goes on. Read from the step's config defensively, so a draft with odd values
 * still runs with sane limits: the step panel's settings (`retry_attempts`, `retry_wait_seconds`,
 * `retry_on`, `step_timeout_seconds`, `on_error`: lib/workflows/nodes/step-settings.ts), or the
 * older keys (`retry`, `timeout_ms`, `continue_on_fail`), which win when both are there.
 */

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
  retry_attempts: z.coerce.number().int().min(1).max(LIMITS.maxAttempts).optional().catch(undefined),
  retry_wait_seconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(LIMITS.maxRetryWaitSeconds)
    .optional()
    .catch(undefined),
  retry_on: z.enum(RETRY_ON).optional().catch(undefined),
  step_timeout_seconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(LIMITS.maxTimeoutSeconds)
    .optional()
    .catch(undefined),
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
  // An emptied field of the step panel is "", which means the default, not 0.
  const given = Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== ""));
  const parsed = policySchema.safeParse(given);
  const p: Partial<z.infer<typeof policySchema>> & { retry: Record<string, unknown> } = parsed.success
    ? parsed.data
    : { retry: {} };
  const r = p.retry as z.infer<typeof policySchema>["retry"];
  const waitMs = p.retry_wait_seconds === undefined ? undefined : p.retry_wait_seconds * 1000;
  const stepTimeoutMs = p.step_timeout_seconds === undefined ? undefined : p.step_timeout_seconds * 1000;
  return {
    maxAttempts: r.max_attempts ?? p.retry_attempts ?? 1,
    backoffMs: r.backoff_ms ?? waitMs ?? 1000,
    maxBackoffMs: r.max_backoff_ms ?? 300_000,
    retryOn: r.retry_on ?? p.retry_on ?? "transient",
    timeoutMs: p.timeout_ms || stepTimeoutMs || defaultTimeoutMs,
    continueOnFail: p.continue_on_fail || onErrorOf(given) === "continue",
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
