import { z } from "zod";
import type { HandleSpec, LooseConfig, NodeCategory } from "./types";

/**
 * How an action step behaves when it fails, set in the step panel ("When it fails") and stored
 * in the step's config beside its own fields: how many times it is tried and how long to wait
 * between tries (doubling, with jitter), how long one try may take, and what happens once the
 * tries are used up: the run stops (default), goes on as if the step had no output, or takes the
 * step's "On error" output. The engine reads the same keys (lib/engine/policy.ts).
 */

export const ON_ERROR = ["stop", "continue", "branch"] as const;
export type OnError = (typeof ON_ERROR)[number];

export const RETRY_ON = ["transient", "any"] as const;

/** The output a step takes when it fails and `on_error` is "branch". */
export const ERROR_HANDLE: HandleSpec = { id: "error", label: "On error", required: true };

export const STEP_SETTINGS_LIMITS = {
  maxAttempts: 10,
  maxRetryWaitSeconds: 3600,
  maxTimeoutSeconds: 900,
} as const;

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `Enter a number of ${what}.` })
    .int(`Use whole ${what}.`)
    .min(min, `Use at least ${min}.`)
    .max(max, `Use at most ${max}.`);

/** The settings as the panel writes them; every key optional (absent means the default). */
export const stepSettingsSchema = z.object({
  retry_attempts: whole("tries", 1, STEP_SETTINGS_LIMITS.maxAttempts).optional(),
  retry_wait_seconds: whole("seconds", 0, STEP_SETTINGS_LIMITS.maxRetryWaitSeconds).optional(),
  retry_on: z.enum(RETRY_ON, { error: "Choose which errors to retry." }).optional(),
  step_timeout_seconds: whole("seconds", 1, STEP_SETTINGS_LIMITS.maxTimeoutSeconds).optional(),
  on_error: z.enum(ON_ERROR, { error: "Choose what happens when the step fails." }).optional(),
});
export type StepSettings = z.infer<typeof stepSettingsSchema>;

export const STEP_SETTING_KEYS = Object.keys(stepSettingsSchema.shape) as (keyof StepSettings)[];

/** Only action steps (work outside the run's own logic) have these settings. */
export function hasStepSettings(category: NodeCategory | undefined): boolean {
  return category === "action";
}

/** Problems with the settings of a config, by field (`retry_attempts` …), for the panel and publishing. */
export function stepSettingsIssues(config: LooseConfig): { path: string; message: string }[] {
  const present = Object.fromEntries(
    STEP_SETTING_KEYS.filter((k) => config[k] !== undefined && config[k] !== "").map((k) => [k, config[k]]),
  );
  const parsed = stepSettingsSchema.safeParse(present);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** What happens when the step fails (older configs said `continue_on_fail: true`). */
export function onErrorOf(config: LooseConfig): OnError {
  const value = config.on_error;
  if (typeof value === "string" && (ON_ERROR as readonly string[]).includes(value)) return value as OnError;
  return config.continue_on_fail === true ? "continue" : "stop";
}

/** A step's outputs with the "On error" output added when its failures take a branch. */
export function withErrorOutput(outputs: readonly HandleSpec[], config: LooseConfig): readonly HandleSpec[] {
  if (onErrorOf(config) !== "branch" || outputs.some((h) => h.id === ERROR_HANDLE.id)) return outputs;
  const labelled =
    outputs.length === 1 && !outputs[0]!.label ? [{ ...outputs[0]!, label: "Success" }] : outputs;
  return [...labelled, ERROR_HANDLE];
}
