"use client";

import {
  STEP_SETTINGS_LIMITS as LIMITS,
  onErrorOf,
  STEP_SETTING_KEYS,
} from "@/lib/workflows/nodes/step-settings";
import type { LooseConfig } from "@/lib/workflows/nodes/types";
import type { FieldSpec } from "@/lib/workflows/nodes/ui-types";
import type { FieldIssues } from "@/lib/workflows/validate";
import { ConfigForm } from "./config-form";

/**
 * "When it fails": an action step's retries, time limit and what happens once its tries are used
 * up (lib/workflows/nodes/step-settings.ts), stored in its config beside its own fields and
 * validated with them.
 */

const tries = (config: LooseConfig) => Number(config.retry_attempts) > 1;

const fields: readonly FieldSpec[] = [
  {
    kind: "number",
    name: "retry_attempts",
    label: "Tries",
    optional: true,
    placeholder: "1",
    min: 1,
    max: LIMITS.maxAttempts,
    hint: `How many times the step is tried before it counts as failed (1 to ${LIMITS.maxAttempts}; 1 means no retry).`,
  },
  {
    kind: "number",
    name: "retry_wait_seconds",
    label: "Wait before trying again (seconds)",
    optional: true,
    placeholder: "1",
    min: 0,
    max: LIMITS.maxRetryWaitSeconds,
    hint: "Doubles after each try, with a little randomness.",
    visible: tries,
  },
  {
    kind: "select",
    name: "retry_on",
    label: "Try again after",
    options: [
      { value: "transient", label: "Temporary errors (network, time-outs, 429 and 5xx answers)" },
      { value: "any", label: "Any error" },
    ],
    visible: tries,
  },
  {
    kind: "number",
    name: "step_timeout_seconds",
    label: "Time limit per try (seconds)",
    optional: true,
    placeholder: "120",
    min: 1,
    max: LIMITS.maxTimeoutSeconds,
    hint: "A try that takes longer fails as a temporary error.",
  },
  {
    kind: "select",
    name: "on_error",
    label: "When it still fails",
    options: [
      { value: "stop", label: "Stop the run (the run fails)" },
      { value: "continue", label: "Go on with the next steps (its output holds the error)" },
      { value: "branch", label: "Take its “On error” output" },
    ],
  },
];

export function StepSettingsForm({
  nodeId,
  config,
  issues,
  disabled,
  onChange,
}: {
  nodeId: string;
  config: LooseConfig;
  issues: FieldIssues;
  disabled: boolean;
  onChange: (config: LooseConfig) => void;
}) {
  const shown = { retry_on: "transient", ...config, on_error: onErrorOf(config) };
  const changed = STEP_SETTING_KEYS.some((k) => config[k] !== undefined && config[k] !== "");
  const problems = STEP_SETTING_KEYS.some((k) => issues[k]?.length);
  return (
    <details
      className="group rounded-lg border bg-muted/20"
      open={changed || problems ? true : undefined}
      data-step-settings=""
    >
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-semibold outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
        When it fails
        <span className="ml-1.5 font-normal text-muted-foreground">retries, time limit, error branch</span>
      </summary>
      <div className="border-t px-3 py-3">
        <ConfigForm
          idPrefix={`${nodeId}-settings`}
          fields={fields}
          config={shown}
          issues={issues}
          variables={[]}
          disabled={disabled}
          onChange={(next) => {
            // Only what the member set is stored: defaults stay absent.
            const rest = { ...next };
            delete rest.continue_on_fail;
            if (rest.on_error === "stop") delete rest.on_error;
            if (rest.retry_on === "transient" && config.retry_on === undefined) delete rest.retry_on;
            onChange(rest);
          }}
        />
      </div>
    </details>
  );
}
