"use client";

import * as React from "react";
import Link from "next/link";
import { FlaskConical, Radio, RotateCcw, WifiOff } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { formatExactTime } from "@/components/ui/relative-time";
import {
  elapsedMs,
  formatDuration,
  isTerminal,
  triggerLabels,
  type ExecutionTrigger,
  type LiveExecution,
  type LiveStep,
} from "@/lib/executions/format";
import { cn } from "@/lib/utils/cn";
import { formatRelativeTime } from "@/lib/utils/time";
import { ExecutionStatusBadge, StatusIcon, StepStatusBadge } from "./execution-status-badge";
import { JsonView } from "./json-view";
import { RunActions, type RunPermissions } from "./run-actions";
import { StepAttempts } from "./step-attempts";
import { useExecutionStream } from "./use-execution-stream";

export type RunViewProps = {
  slug: string;
  initial: { execution: LiveExecution; steps: LiveStep[] };
  workflow: {
    id: string;
    name: string | null;
    version: number | null;
    liveVersion: number | null;
    archived: boolean;
  };
  triggerInput: unknown;
  isTest: boolean;
  rerunOf: string | null;
  startedBy: string | null;
  /** node id → its name and type in the version that ran. */
  nodes: Record<string, { label: string; type: string }>;
  permissions: RunPermissions;
};

function useNow(active: boolean): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/**
 * The run page's body: the header (status, workflow and version, trigger, timing, attempt, error),
 * the actions, what started it, and every step's input, output, error, logs and retries, kept
 * live through the event stream while the run goes on.
 */
export function RunView(props: RunViewProps) {
  const { slug, workflow, nodes } = props;
  const stream = useExecutionStream(props.initial.execution.id, props.initial);
  const execution = stream.execution ?? props.initial.execution;
  const steps = stream.steps;
  const running = !isTerminal(execution.status);
  const now = useNow(running);
  const duration = elapsedMs(execution, now);
  const started = execution.started_at ? new Date(execution.started_at) : null;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 rounded-xl border bg-card p-4 shadow-xs sm:p-5">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="flex min-w-0 flex-col gap-2">
            <div className="flex flex-wrap items-center gap-2" role="status" aria-live="polite">
              <ExecutionStatusBadge status={execution.status} />
              {props.isTest ? (
                <span className="inline-flex items-center gap-1 rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">
                  <FlaskConical className="size-3" aria-hidden="true" />
                  Test run · not counted against your plan
                </span>
              ) : null}
              <LiveIndicator connection={stream.connection} running={running} />
            </div>
            <p className="text-sm text-muted-foreground">
              {workflow.name ? (
                <Link
                  href={`/o/${slug}/workflows/${workflow.id}`}
                  className="font-medium text-foreground hover:underline"
                >
                  {workflow.name}
                </Link>
              ) : (
                <span className="font-medium text-foreground">Deleted workflow</span>
              )}
              {" · "}
              {workflow.version
                ? `version ${workflow.version}`
                : props.isTest
                  ? "the draft"
                  : "version removed"}
              {" · "}
              <Link href={`/o/${slug}/workflows/${workflow.id}/runs`} className="hover:underline">
                all runs of this workflow
              </Link>
            </p>
          </div>
          <RunActions
            slug={slug}
            executionId={execution.id}
            status={execution.status}
            permissions={props.permissions}
            version={workflow.version}
            liveVersion={workflow.liveVersion}
            archived={workflow.archived}
          />
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3 lg:grid-cols-5">
          <Fact label="Trigger">
            {triggerLabels[execution.trigger_type as ExecutionTrigger] ?? execution.trigger_type}
            {props.rerunOf ? (
              <>
                {" of "}
                <Link
                  href={`/o/${slug}/runs/${props.rerunOf}`}
                  className="inline-flex items-center gap-0.5 hover:underline"
                >
                  <RotateCcw className="size-3" aria-hidden="true" />
                  an earlier run
                </Link>
              </>
            ) : null}
          </Fact>
          <Fact label="Started">
            {started ? (
              <time dateTime={started.toISOString()} title={formatExactTime(started)}>
                {formatRelativeTime(started, new Date(now))}
              </time>
            ) : (
              "Queued"
            )}
          </Fact>
          <Fact label="Duration">
            <span className="tabular-nums" data-testid="run-duration">
              {formatDuration(duration)}
              {running && duration !== null ? " so far" : ""}
            </span>
          </Fact>
          {execution.attempt > 1 ? (
            // A worker picks the run up again after each delay or retry wait (or a worker restart):
            // resumptions, not new attempts at the run.
            <Fact label="Resumed">
              <span title="Picked up again after a delay, a retry wait or a worker restart">
                {execution.attempt - 1 === 1 ? "once" : `${execution.attempt - 1} times`}
              </span>
            </Fact>
          ) : null}
          <Fact label="Started by">
            {props.startedBy ?? (execution.trigger_type === "manual" ? "Someone" : "Automatic")}
          </Fact>
        </dl>
        {execution.error ? (
          <Alert variant="error" title={execution.status === "cancelled" ? "Cancelled" : "The run failed"}>
            {execution.error}
          </Alert>
        ) : null}
      </div>

      <section aria-labelledby="run-steps" className="flex flex-col gap-3">
        <h2 id="run-steps" className="text-lg font-semibold">
          Steps
        </h2>
        {steps.length === 0 ? (
          <p className="rounded-xl border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
            {running ? "Waiting for the first step to start…" : "No step ran."}
          </p>
        ) : (
          <ol className="flex flex-col gap-2" aria-label="Steps, in the order they ran">
            {steps.map((step) => (
              <StepItem key={step.step_key} step={step} node={nodes[step.node_id]} now={now} />
            ))}
            {running && !steps.some((s) => s.status === "running" || s.status === "waiting") ? (
              <li className="flex items-center gap-2 px-3 py-2 text-sm text-muted-foreground">
                <StatusIcon status="running" className="size-4" />
                {execution.status === "waiting" ? "Waiting to continue…" : "Next step…"}
              </li>
            ) : null}
          </ol>
        )}
      </section>

      <section aria-labelledby="run-io" className="grid gap-4 lg:grid-cols-2">
        <h2 id="run-io" className="sr-only">
          Input and output
        </h2>
        <div className="flex min-w-0 flex-col gap-2">
          <h3 className="text-sm font-semibold">What started it</h3>
          <JsonView value={props.triggerInput} label="Trigger input" />
        </div>
        <div className="flex min-w-0 flex-col gap-2">
          <h3 className="text-sm font-semibold">Result</h3>
          {running ? (
            <p className="text-xs text-muted-foreground italic">Not finished yet.</p>
          ) : (
            <JsonView value={execution.output} label="Run output" />
          )}
        </div>
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}

function LiveIndicator({ connection, running }: { connection: string; running: boolean }) {
  if (!running) return null;
  if (connection === "live" || connection === "connecting")
    return (
      <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
        <Radio className="size-3.5 text-success" aria-hidden="true" />
        Live
      </span>
    );
  if (connection === "reconnecting" || connection === "unavailable")
    return (
      <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
        <WifiOff className="size-3.5" aria-hidden="true" />
        {connection === "reconnecting" ? "Reconnecting…" : "Not live: reload to see the latest"}
      </span>
    );
  return null;
}

function StepItem({
  step,
  node,
  now,
}: {
  step: LiveStep;
  node: { label: string; type: string } | undefined;
  now: number;
}) {
  const logs = (step.logs ?? []).map((l) => (typeof l === "string" ? l : JSON.stringify(l)));
  const name = node?.label ?? step.node_id;
  const loop = step.step_key !== step.node_id ? step.step_key.slice(step.node_id.length) : "";
  // A delay's time is waiting time, not work.
  const waits = step.node_type === "delay" || step.status === "waiting";
  return (
    <li data-step={step.step_key} data-status={step.status}>
      <details
        className={cn(
          "group rounded-lg border bg-card shadow-xs",
          step.status === "failed" && "border-destructive/50",
        )}
        open={step.status === "failed" ? true : undefined}
      >
        <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-3 py-2.5 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 [&::-webkit-details-marker]:hidden">
          <span className="flex min-w-0 flex-1 flex-col">
            <span className="truncate text-sm font-medium">
              {name}
              {loop ? <span className="ml-1 font-mono text-xs text-muted-foreground">{loop}</span> : null}
            </span>
            <span className="truncate font-mono text-[11px] text-muted-foreground">
              {step.node_type} · {step.node_id}
              {step.handle && step.handle !== "continue" ? ` → ${step.handle}` : ""}
            </span>
          </span>
          {step.attempt > 1 ? (
            <span className="hidden text-xs text-muted-foreground sm:inline">attempt {step.attempt}</span>
          ) : null}
          <span className="hidden w-24 text-right text-xs text-muted-foreground tabular-nums sm:inline">
            {step.status === "waiting"
              ? "waiting"
              : waits
                ? `waited ${formatDuration(elapsedMs(step, now))}`
                : formatDuration(elapsedMs(step, now))}
          </span>
          <StepStatusBadge status={step.status} />
        </summary>
        <div className="flex flex-col gap-4 border-t px-3 py-3">
          <dl className="grid grid-cols-2 gap-3 text-xs sm:grid-cols-4">
            <div>
              <dt className="text-muted-foreground">Started</dt>
              <dd>{formatExactTime(new Date(step.started_at))}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Finished</dt>
              <dd>{step.completed_at ? formatExactTime(new Date(step.completed_at)) : "—"}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">{waits ? "Waited" : "Duration"}</dt>
              <dd className="tabular-nums">
                {formatDuration(elapsedMs(step, now))}
                {step.status === "waiting" ? " so far" : ""}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Attempts</dt>
              <dd>{step.attempt}</dd>
            </div>
          </dl>
          {step.error ? (
            <Alert variant="error" title="Error">
              {step.error}
            </Alert>
          ) : null}
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="flex min-w-0 flex-col gap-1.5">
              <h4 className="text-xs font-semibold text-muted-foreground uppercase">Input</h4>
              <JsonView value={step.input} label={`Input of ${name}`} />
            </div>
            <div className="flex min-w-0 flex-col gap-1.5">
              <h4 className="text-xs font-semibold text-muted-foreground uppercase">Output</h4>
              <JsonView value={step.output} label={`Output of ${name}`} />
            </div>
          </div>
          <StepAttempts step={step} />
          <div className="flex flex-col gap-1.5">
            <h4 className="text-xs font-semibold text-muted-foreground uppercase">Logs</h4>
            {logs.length ? (
              <pre
                tabIndex={0}
                aria-label={`Logs of ${name}`}
                className="max-h-48 overflow-auto rounded-md border bg-muted/40 p-2.5 font-mono text-xs whitespace-pre-wrap"
              >
                {logs.join("\n")}
              </pre>
            ) : (
              <p className="text-xs text-muted-foreground italic">No log lines.</p>
            )}
          </div>
        </div>
      </details>
    </li>
  );
}
