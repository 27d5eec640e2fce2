"use client";

import * as React from "react";
import Link from "next/link";
import { ExternalLink, FlaskConical, History, Pin, PinOff } from "lucide-react";
import { toast } from "sonner";
import { StepStatusBadge } from "@/components/executions/execution-status-badge";
import { JsonView } from "@/components/executions/json-view";
import { useExecutionStream } from "@/components/executions/use-execution-stream";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { stepSampleAction, testStepAction } from "@/lib/executions/actions";
import { stepSampleSchema } from "@/lib/executions/action-schemas";
import { formatDuration, isTerminal, parseTestInput } from "@/lib/executions/format";
import { cn } from "@/lib/utils/cn";
import { callAction } from "../call-action";

/**
 * The step panel's "Test step", as n8n has it: this one step of the saved draft runs for real with
 * the data before it (the trigger's input and earlier steps' outputs), taken from the workflow's
 * last run or from data pinned here in this browser, editable as JSON and checked as it is typed
 * (64 KB, nesting depth, shape; the server checks the same). The step's output or error shows
 * below, followed live through the run's event stream.
 */

type Source = "pinned" | "last-run" | "trigger-sample" | "empty" | "edited";

const sourceText: Record<Source, string> = {
  pinned: "Pinned data (kept in this browser).",
  "last-run": "From the workflow's last run.",
  "trigger-sample": "No run yet: the trigger's sample data.",
  empty: "No run yet: fill in what earlier steps would give this one.",
  edited: "Edited.",
};

const EMPTY_SAMPLE = JSON.stringify({ trigger: {}, steps: {} }, null, 2);

const pinKey = (workflowId: string, nodeId: string) => `orgflow:step-sample:${workflowId}:${nodeId}`;

function readPin(key: string): string | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The sample's problem in words, or null: JSON within the limits, in the shape a step test takes. */
export function sampleProblem(text: string): string | null {
  const parsed = parseTestInput(text);
  if (!parsed.ok) return parsed.error;
  const shape = stepSampleSchema.safeParse(parsed.value);
  if (shape.success) return null;
  const issue = shape.error.issues[0]!;
  const where = issue.path.length ? ` (at ${issue.path.join(".")})` : "";
  return `${issue.message.replace(/\.$/, "")}${where}. The data is { "trigger": {…}, "steps": { "step_id": { "output": … } } }.`;
}

/** The data a step test starts from: pinned here, else the last run's; with pin and reload. */
function useStepSample(slug: string, workflowId: string, nodeId: string) {
  const key = pinKey(workflowId, nodeId);
  const [pin] = React.useState(() => readPin(key));
  const [text, setText] = React.useState<string | null>(pin);
  const [source, setSource] = React.useState<Source | null>(pin ? "pinned" : null);
  const [pinned, setPinned] = React.useState(Boolean(pin));
  const [loadError, setLoadError] = React.useState<string | null>(null);

  const fetchLastRun = React.useCallback(async () => {
    const result = await callAction(stepSampleAction, {
      organization: slug,
      id: workflowId,
      node_id: nodeId,
    });
    if (!result.ok) {
      setLoadError(result.error.message);
      setText((current) => current ?? EMPTY_SAMPLE);
      setSource((current) => current ?? "empty");
      return;
    }
    const { sample, from, triggerSample } = result.data as {
      sample: unknown;
      from: string | null;
      triggerSample?: boolean;
    };
    setLoadError(null);
    setText(JSON.stringify(sample, null, 2));
    setSource(from ? "last-run" : triggerSample ? "trigger-sample" : "empty");
  }, [slug, workflowId, nodeId]);

  React.useEffect(() => {
    if (pin) return;
    const timer = setTimeout(() => void fetchLastRun(), 0);
    return () => clearTimeout(timer);
  }, [pin, fetchLastRun]);

  const edit = (next: string) => {
    setText(next);
    setSource("edited");
  };

  const togglePin = () => {
    try {
      if (pinned) {
        window.localStorage.removeItem(key);
        setPinned(false);
        toast.success("Unpinned: the next test starts from the last run again.");
      } else if (text !== null) {
        window.localStorage.setItem(key, text);
        setPinned(true);
        setSource("pinned");
        toast.success("Pinned: this step's tests start from this data in this browser.");
      }
    } catch {
      toast.error("This browser does not let the page keep data. The data stays until you leave.");
    }
  };

  return { text, source, pinned, loadError, edit, togglePin, fetchLastRun };
}

export function StepTest({
  slug,
  workflowId,
  nodeId,
  beforeStart,
}: {
  slug: string;
  workflowId: string;
  nodeId: string;
  /** Saves the draft first: the test runs the step as it is saved. */
  beforeStart: () => Promise<void>;
}) {
  const sample = useStepSample(slug, workflowId, nodeId);
  const [pending, setPending] = React.useState(false);
  const [serverError, setServerError] = React.useState<string | null>(null);
  const [executionId, setExecutionId] = React.useState<string | null>(null);
  const headingId = React.useId();
  const text = sample.text;
  const problem = text === null ? null : sampleProblem(text);

  const run = async () => {
    if (text === null || problem || pending) return;
    setPending(true);
    setServerError(null);
    await beforeStart();
    const result = await callAction(testStepAction, {
      organization: slug,
      id: workflowId,
      node_id: nodeId,
      sample: text,
    });
    setPending(false);
    if (!result.ok) {
      setServerError(result.error.fields?.sample?.[0] ?? result.error.message);
      return;
    }
    setExecutionId((result.data as { executionId: string }).executionId);
  };

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 border-t p-4" data-step-test="">
      <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
        <h3 id={headingId} className="flex items-center gap-1.5 text-sm font-semibold">
          <FlaskConical className="size-4" aria-hidden="true" />
          Test step
        </h3>
        <span className="text-xs text-muted-foreground">Runs for real · not counted against your plan</span>
      </div>
      {text === null ? (
        <div className="flex flex-col gap-2" aria-busy="true" aria-label="Loading the last run's data">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-28 w-full" />
        </div>
      ) : (
        <SampleForm
          text={text}
          problem={problem ?? serverError}
          hint={`${sourceText[sample.source ?? "empty"]} Earlier steps' outputs go under "steps", the trigger's data under "trigger".`}
          loadError={sample.loadError}
          pending={pending}
          canRun={!problem}
          pinned={sample.pinned}
          onEdit={(next) => {
            sample.edit(next);
            setServerError(null);
          }}
          onRun={() => void run()}
          onTogglePin={sample.togglePin}
          onLastRun={() => void sample.fetchLastRun()}
        />
      )}
      {executionId ? (
        <StepTestResult key={executionId} slug={slug} executionId={executionId} nodeId={nodeId} />
      ) : null}
    </section>
  );
}

function SampleForm(props: {
  text: string;
  problem: string | null;
  hint: string;
  loadError: string | null;
  pending: boolean;
  canRun: boolean;
  pinned: boolean;
  onEdit: (text: string) => void;
  onRun: () => void;
  onTogglePin: () => void;
  onLastRun: () => void;
}) {
  const inputId = React.useId();
  const hintId = React.useId();
  return (
    <form
      className="flex flex-col gap-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onRun();
      }}
    >
      <Label htmlFor={inputId}>Data before this step (JSON)</Label>
      <Textarea
        id={inputId}
        value={props.text}
        rows={8}
        spellCheck={false}
        className="font-mono text-xs"
        aria-invalid={Boolean(props.problem)}
        aria-describedby={hintId}
        onChange={(event) => props.onEdit(event.target.value)}
      />
      <p id={hintId} className={cn("text-xs", props.problem ? "text-destructive" : "text-muted-foreground")}>
        {props.problem ?? props.hint}
      </p>
      {props.loadError ? <p className="text-xs text-destructive">{props.loadError}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" disabled={!props.canRun} loading={props.pending}>
          <FlaskConical aria-hidden="true" />
          Test step
        </Button>
        <Button
          type="button"
          size="sm"
          variant="outline"
          onClick={props.onTogglePin}
          aria-pressed={props.pinned}
        >
          {props.pinned ? <PinOff aria-hidden="true" /> : <Pin aria-hidden="true" />}
          {props.pinned ? "Unpin data" : "Pin data"}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={props.onLastRun}>
          <History aria-hidden="true" />
          Last run&apos;s data
        </Button>
      </div>
    </form>
  );
}

/** The tested step's output or error, followed live. */
function StepTestResult({
  slug,
  executionId,
  nodeId,
}: {
  slug: string;
  executionId: string;
  nodeId: string;
}) {
  const { execution, steps, connection } = useExecutionStream(executionId);
  const step = steps.filter((s) => s.node_id === nodeId).at(-1) ?? null;
  const done = execution !== null && isTerminal(execution.status);
  const error = step?.error ?? (done ? execution.error : null);
  return (
    <section
      aria-label="Step test result"
      data-step-test-result={done ? execution.status : "running"}
      className="flex flex-col gap-2"
    >
      <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-2 text-sm">
        {!done ? (
          <span className="text-muted-foreground">Testing…</span>
        ) : step ? (
          <StepStatusBadge status={step.status} />
        ) : (
          <span className="text-destructive">The step did not run.</span>
        )}
        {step?.duration_ms != null ? (
          <span className="text-xs text-muted-foreground tabular-nums">
            {formatDuration(step.duration_ms)}
          </span>
        ) : null}
        {step?.handle && step.handle !== "out" ? (
          <span className="text-xs text-muted-foreground">took “{step.handle}”</span>
        ) : null}
        {connection === "unavailable" ? (
          <span className="text-xs text-destructive">Lost the run: open it to see how it ended.</span>
        ) : null}
        <Link
          href={`/o/${slug}/runs/${executionId}`}
          className="ml-auto inline-flex items-center gap-1 text-xs text-primary underline-offset-4 hover:underline"
        >
          <ExternalLink className="size-3" aria-hidden="true" />
          Open run
        </Link>
      </div>
      {!done ? <Skeleton className="h-16 w-full" /> : null}
      {error ? (
        <Alert variant="error" title="The step failed">
          <span className="break-words">{error}</span>
        </Alert>
      ) : done && step ? (
        <JsonView value={step.output} label="Output of the test" />
      ) : null}
    </section>
  );
}
