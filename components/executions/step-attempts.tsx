import { formatDuration, type LiveStep } from "@/lib/executions/format";

type Retry = { attempt?: number; error?: string; duration_ms?: number; retry_in_ms?: number };

/**
 * Every try of a step that was tried more than once: its number, how long it took and how it
 * ended (the error, and the wait before the next try), the last one being the step's own result.
 * A delay's resumption is waiting, not a try, and is not listed here.
 */
export function StepAttempts({ step }: { step: LiveStep }) {
  const retries = (step.retries ?? []) as Retry[];
  if (retries.length === 0 && step.attempt <= 1) return null;
  const last =
    step.status === "completed"
      ? "succeeded"
      : step.status === "failed"
        ? `failed: ${step.error ?? "error"}`
        : step.status === "waiting"
          ? "waiting to try again"
          : "running";
  return (
    <div className="flex flex-col gap-1.5">
      <h4 className="text-xs font-semibold text-muted-foreground uppercase">Attempts</h4>
      <ol className="flex flex-col gap-1 text-xs" aria-label="Attempts of this step">
        {retries.map((r, i) => (
          <li key={i} data-attempt={r.attempt ?? i + 1} className="rounded-md bg-muted/40 px-2 py-1">
            <span className="font-medium">Attempt {r.attempt ?? i + 1}</span>
            {r.duration_ms !== undefined ? ` · ${formatDuration(r.duration_ms)}` : ""} · failed:{" "}
            {r.error ?? "error"}
            {r.retry_in_ms ? ` (tried again after ${formatDuration(r.retry_in_ms)})` : ""}
          </li>
        ))}
        {step.status !== "waiting" ? (
          <li data-attempt={step.attempt} className="rounded-md bg-muted/40 px-2 py-1">
            <span className="font-medium">Attempt {step.attempt}</span>
            {step.duration_ms !== null ? ` · ${formatDuration(step.duration_ms)}` : ""} · {last}
          </li>
        ) : null}
      </ol>
    </div>
  );
}
