"use client";

import * as React from "react";
import Link from "next/link";
import { ExternalLink, FlaskConical, X } from "lucide-react";
import { toast } from "sonner";
import { ExecutionStatusBadge, StatusIcon } from "@/components/executions/execution-status-badge";
import { useExecutionStream } from "@/components/executions/use-execution-stream";
import { useStepReplay } from "@/components/executions/use-step-replay";
import { useReactFlow } from "@xyflow/react";
import { precedesByEdges } from "@/lib/executions/replay";
import { Checkbox } from "@/components/ui/checkbox";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { startTestRunAction } from "@/lib/executions/actions";
import {
  formatDuration,
  elapsedMs,
  isTerminal,
  nodeRunStates,
  parseTestInput,
  previewValue,
  stepStatusLabels,
  type NodeRunState,
} from "@/lib/executions/format";
import { cn } from "@/lib/utils/cn";
import { callAction } from "../call-action";
import { BuilderContext } from "./builder-context";
import { RunOverlayStore } from "./run-overlay-store";

export { RunOverlayStore };

/**
 * Manual runs from the builder: the "Run" dialog (a test input, validated as you type), and the
 * overlay that shows each step's status and output on its canvas card while the run goes on, fed
 * by the run's event stream. The overlay is an external store, like the problems: only the cards
 * whose state changed re-render.
 */

const noStore = {
  get: () => null,
  subscribe: () => () => {},
};

/** The step's state in the run shown on the canvas; null when no run is shown or it did not run. */
export function useNodeRun(nodeId: string): NodeRunState | null {
  const store = React.useContext(BuilderContext)?.run ?? noStore;
  return React.useSyncExternalStore(
    store.subscribe,
    () => store.get(nodeId),
    () => null,
  );
}

const ring: Record<NodeRunState["status"], string> = {
  running: "ring-primary animate-pulse",
  waiting: "ring-warning",
  completed: "ring-success",
  failed: "ring-destructive",
  skipped: "ring-muted-foreground/40",
};

const pill: Record<NodeRunState["status"], string> = {
  running: "bg-primary text-primary-foreground",
  waiting: "bg-warning text-foreground",
  completed: "bg-success text-white",
  failed: "bg-destructive text-white",
  skipped: "bg-muted text-muted-foreground",
};

/** Drawn inside a canvas card: a coloured ring, a status pill and the output (or error) under it. */
export function NodeRunOverlay({ nodeId }: { nodeId: string }) {
  const state = useNodeRun(nodeId);
  if (!state) return null;
  const detail = state.error ?? previewValue(state.output, 70);
  return (
    <div data-run-status={state.status} className="pointer-events-none absolute inset-0">
      <div className={cn("absolute -inset-1 rounded-xl ring-2", ring[state.status])} aria-hidden="true" />
      <span
        className={cn(
          "absolute -top-3 right-2 flex items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-medium shadow-sm",
          pill[state.status],
        )}
      >
        <StatusIcon status={state.status} className="size-3" />
        {stepStatusLabels[state.status]}
        {state.runs > 1 ? ` ×${state.runs}` : ""}
      </span>
      {detail ? (
        <p
          data-run-output=""
          title={detail}
          className={cn(
            "absolute top-full right-0 left-0 mt-2 truncate rounded-md border bg-background/95 px-2 py-1 font-mono text-[11px] shadow-sm",
            state.error ? "text-destructive" : "text-muted-foreground",
          )}
        >
          {detail}
        </p>
      ) : null}
    </div>
  );
}

/** Follows a run and feeds its steps to the overlay store; renders the run's status strip. */
export function RunPanel({
  slug,
  executionId,
  store,
  onClose,
}: {
  slug: string;
  executionId: string;
  store: RunOverlayStore;
  onClose: () => void;
}) {
  const { execution, steps, connection } = useExecutionStream(executionId);
  // Quick steps shown running in the order they ran, parallel branches side by side.
  const { getEdges } = useReactFlow();
  const precedes = React.useMemo(() => precedesByEdges(getEdges()), [getEdges]);
  const shown = useStepReplay(executionId, steps, precedes);
  React.useEffect(() => store.set(nodeRunStates(shown)), [store, shown]);
  const [now, setNow] = React.useState(() => Date.now());
  const running = !execution || !isTerminal(execution.status);
  React.useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const href = `/o/${slug}/runs/${executionId}`;
  return (
    <section
      aria-label="Test run"
      data-run-panel={execution?.status ?? "pending"}
      className="flex max-w-[calc(100vw-2rem)] items-center gap-3 rounded-lg border bg-background/95 px-3 py-2 text-sm shadow-md"
    >
      <span className="inline-flex items-center gap-1 rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">
        <FlaskConical className="size-3" aria-hidden="true" />
        Test run
      </span>
      <span role="status" aria-live="polite" className="flex items-center gap-2">
        {execution ? (
          <ExecutionStatusBadge status={execution.status} />
        ) : (
          <span className="text-muted-foreground">Starting…</span>
        )}
        <span className="text-xs text-muted-foreground tabular-nums">
          {execution ? formatDuration(elapsedMs(execution, now)) : ""}
        </span>
        {connection === "reconnecting" ? (
          <span className="text-xs text-muted-foreground">Reconnecting…</span>
        ) : null}
      </span>
      {execution?.error ? (
        <span className="max-w-64 truncate text-xs text-destructive" title={execution.error}>
          {execution.error}
        </span>
      ) : null}
      <Button asChild size="sm" variant="outline">
        <Link href={href}>
          <ExternalLink aria-hidden="true" />
          Open run
        </Link>
      </Button>
      <Button
        size="icon-sm"
        variant="ghost"
        aria-label="Hide the run from the canvas"
        onClick={() => {
          store.clear();
          onClose();
        }}
      >
        <X aria-hidden="true" />
      </Button>
    </section>
  );
}

/**
 * The "Test run" dialog: the saved draft runs with the input given here (JSON, checked as you
 * type), as a test run that the plan's quota does not count. Steps that reach outside Orgflow are
 * listed: skipped (their would-be input is recorded) unless ticked to run for real.
 */
export function RunDialog({
  open,
  onOpenChange,
  slug,
  workflowId,
  triggerType,
  sampleInput,
  effectSteps,
  beforeStart,
  onStarted,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  slug: string;
  workflowId: string;
  triggerType: string | null;
  sampleInput: string;
  /** The draft's steps with effects outside Orgflow (email, HTTP, GoHighLevel …). */
  effectSteps: readonly { id: string; label: string; type: string }[];
  /** Saves the draft first: the run uses what is saved. */
  beforeStart: () => Promise<void>;
  onStarted: (executionId: string) => void;
}) {
  const [text, setText] = React.useState(sampleInput);
  const [live, setLive] = React.useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = React.useState(false);
  const [serverError, setServerError] = React.useState<string | null>(null);
  const parsed = parseTestInput(text);
  const errorId = React.useId();
  const inputId = React.useId();

  const what =
    triggerType === "webhook"
      ? "The request body, as JSON: later steps read it as trigger.body."
      : triggerType === "event"
        ? "The event's data, as JSON (e.g. a contact): later steps read it as trigger.…"
        : triggerType === "schedule"
          ? "Extra data for the run, as JSON (optional)."
          : "The input, as JSON: later steps read it as trigger.input.";

  const start = async () => {
    if (!parsed.ok || pending) return;
    setPending(true);
    setServerError(null);
    await beforeStart();
    const result = await callAction(startTestRunAction, {
      organization: slug,
      id: workflowId,
      input: text,
      live_steps: [...live].join(","),
    });
    setPending(false);
    if (!result.ok) {
      setServerError(result.error.fields?.input?.[0] ?? result.error.message);
      return;
    }
    toast.success(result.message ?? "Test run started.");
    onStarted((result.data as { executionId: string }).executionId);
    onOpenChange(false);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Test the draft"
      description="Runs the draft as it is now, as a test run: nothing is published, and test runs do not count against your plan's runs."
    >
      <form
        className="flex flex-col gap-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="grid gap-1.5">
          <Label htmlFor={inputId}>Test input</Label>
          <Textarea
            id={inputId}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setServerError(null);
            }}
            rows={6}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder='{ "email": "ana@example.com" }'
            aria-invalid={!parsed.ok || Boolean(serverError)}
            aria-describedby={errorId}
          />
          <p
            id={errorId}
            className={cn(
              "text-xs",
              !parsed.ok || serverError ? "text-destructive" : "text-muted-foreground",
            )}
          >
            {!parsed.ok ? parsed.error : (serverError ?? `${what} Leave it empty for {}.`)}
          </p>
        </div>
        {effectSteps.length > 0 ? (
          <fieldset className="flex flex-col gap-2" data-effect-steps="">
            <legend className="mb-1 text-sm font-medium">Steps that reach outside Orgflow</legend>
            <p className="text-xs text-muted-foreground">
              Skipped in test mode unless ticked: a skipped step shows what it would have sent. Ticked steps
              run for real (emails are sent, requests are made).
            </p>
            {effectSteps.map((step) => (
              <label key={step.id} className="flex items-center gap-2 text-sm">
                <Checkbox
                  checked={live.has(step.id)}
                  onChange={(event) => {
                    const next = new Set(live);
                    if (event.target.checked) next.add(step.id);
                    else next.delete(step.id);
                    setLive(next);
                  }}
                />
                <span>
                  Run “{step.label}” for real{" "}
                  <span className="font-mono text-xs text-muted-foreground">{step.id}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={!parsed.ok} loading={pending}>
            <FlaskConical aria-hidden="true" />
            Start test run
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
