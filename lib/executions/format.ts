import { z } from "zod";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import { isCalendarDay } from "@/lib/utils/search-params";

/**
 * Run history's pure helpers, shared by the server (pages, the event stream) and the browser (the
 * run page, the builder's canvas overlay, the notifications bell). No server code here.
 */

export const EXECUTION_STATUSES = [
  "pending",
  "running",
  "waiting",
  "completed",
  "failed",
  "cancelled",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const executionStatusLabels: Record<ExecutionStatus, string> = {
  pending: "Queued",
  running: "Running",
  waiting: "Waiting",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const STEP_STATUSES = ["pending", "running", "waiting", "completed", "failed", "skipped"] as const;
/** A step's state as shown: "pending" is a step of the graph that has no checkpoint yet. */
export type StepStatus = (typeof STEP_STATUSES)[number];

export const stepStatusLabels: Record<StepStatus, string> = {
  pending: "Not run yet",
  running: "Running",
  waiting: "Waiting",
  completed: "Completed",
  failed: "Failed",
  skipped: "Skipped",
};

export const TRIGGER_TYPES = ["manual", "webhook", "schedule", "event", "api", "rerun"] as const;
export type ExecutionTrigger = (typeof TRIGGER_TYPES)[number];

export const triggerLabels: Record<ExecutionTrigger, string> = {
  manual: "Manual",
  webhook: "Webhook",
  schedule: "Schedule",
  event: "App event",
  api: "REST API",
  rerun: "Re-run",
};

const TERMINAL: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);

/** A run that will not change any more. */
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

/** "850 ms", "4.2 s", "2 min 5 s", "1 h 3 min"; "—" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A run's or step's duration: the recorded one, else (still going) the time since it started. */
export function elapsedMs(
  row: { duration_ms: number | null; started_at: Date | string | null; completed_at?: Date | string | null },
  now: number = Date.now(),
): number | null {
  if (row.duration_ms !== null && row.duration_ms !== undefined) return row.duration_ms;
  if (!row.started_at) return null;
  const start = new Date(row.started_at).getTime();
  const end = row.completed_at ? new Date(row.completed_at).getTime() : now;
  return Math.max(0, end - start);
}

/** The engine stores large inputs and outputs as this marker (lib/engine/payload.ts). */
export type TruncatedPayload = { _truncated: true; bytes: number; preview: string };

export function isTruncated(value: unknown): value is TruncatedPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { _truncated?: unknown })._truncated === true &&
    typeof (value as { bytes?: unknown }).bytes === "number"
  );
}

/** A short one-line preview of a value (a step's output on its canvas card). */
export function previewValue(value: unknown, max = 80): string {
  if (value === null || value === undefined) return "";
  if (isTruncated(value)) return `${value.preview.slice(0, max - 12)}… (truncated)`;
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  } catch {
    return "";
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Formats bytes for the truncation marker: "312 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ---------------------------------------------------------------------------------------------
// Steps as the run page and the canvas see them

export type LiveStep = {
  step_key: string;
  node_id: string;
  node_type: string;
  status: Exclude<StepStatus, "pending">;
  handle: string | null;
  input: unknown;
  output: unknown;
  error: string | null;
  attempt: number;
  retries: unknown[];
  logs: unknown[];
  sequence: number;
  started_at: string;
  completed_at: string | null;
  duration_ms: number | null;
};

export type LiveExecution = {
  id: string;
  workflow_id: string;
  workflow_version_id: string | null;
  status: ExecutionStatus;
  trigger_type: string;
  output: unknown;
  error: string | null;
  attempt: number;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  created_at: string;
};

/** Steps merged by key (a newer copy of a step replaces the old one), in run order. */
export function mergeSteps(current: readonly LiveStep[], incoming: readonly LiveStep[]): LiveStep[] {
  const byKey = new Map(current.map((s) => [s.step_key, s]));
  for (const s of incoming) byKey.set(s.step_key, s);
  return [...byKey.values()].sort(
    (a, b) => a.sequence - b.sequence || a.started_at.localeCompare(b.started_at),
  );
}

const statusRank: Record<LiveStep["status"], number> = {
  failed: 5,
  running: 4,
  waiting: 3,
  completed: 2,
  skipped: 1,
};

export type NodeRunState = {
  status: LiveStep["status"];
  /** The latest output (the last loop iteration's, for steps inside a loop). */
  output: unknown;
  error: string | null;
  /** How many times the node ran in this run (loop iterations). */
  runs: number;
};

/**
 * One state per canvas node from a run's steps: a node inside a loop has a step per iteration
 * (`id[loop:i]`); it shows the most telling status (failed > running > waiting > completed) and its
 * latest output. A step that failed but let the run go on (error handle) counts as failed.
 */
export function nodeRunStates(steps: readonly LiveStep[]): Map<string, NodeRunState> {
  const states = new Map<string, NodeRunState>();
  for (const step of steps) {
    const previous = states.get(step.node_id);
    if (!previous) {
      states.set(step.node_id, { status: step.status, output: step.output, error: step.error, runs: 1 });
      continue;
    }
    const status = statusRank[step.status] > statusRank[previous.status] ? step.status : previous.status;
    states.set(step.node_id, {
      status,
      output: step.output ?? previous.output,
      error: step.error ?? previous.error,
      runs: previous.runs + 1,
    });
  }
  return states;
}

// ---------------------------------------------------------------------------------------------
// The manual run's test input

export const MAX_TEST_INPUT_BYTES = 64 * 1024;

/** The test input typed in the builder: empty is `{}`, otherwise a JSON object of at most 64 KB. */
export function parseTestInput(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: {} };
  if (new TextEncoder().encode(trimmed).length > MAX_TEST_INPUT_BYTES)
    return { ok: false, error: "The input may be at most 64 KB." };
  if (jsonTextDepth(trimmed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    return { ok: false, error: `The input is nested too deeply (at most ${MAX_JSON_DEPTH} levels).` };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^JSON\.parse: /, "") : "";
    return { ok: false, error: `This is not valid JSON${detail ? `: ${detail}` : "."}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: 'The input must be a JSON object, like { "email": "ana@example.com" }.' };
  return { ok: true, value: value as Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------
// List filters (from the query string)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v && (values as readonly string[]).includes(v) ? (v as T[number]) : undefined));

const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && isCalendarDay(v) ? v : undefined));

/** A cursor is the last row's `created_at` (ISO) and id: `2026-01-02T03:04:05.678Z_<uuid>`. */
export function encodeCursor(row: { created_at: Date | string; id: string }): string {
  return `${new Date(row.created_at).toISOString()}_${row.id}`;
}

const CURSOR_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor's time and id, or undefined for anything that is not a cursor this list made. */
export function decodeCursor(value: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!value || value.length > 100) return undefined;
  const at = value.lastIndexOf("_");
  if (at < 0) return undefined;
  const time = value.slice(0, at);
  const id = value.slice(at + 1);
  const createdAt = new Date(time);
  // Exactly what encodeCursor writes (a four-digit year from 1): nothing Postgres would refuse.
  if (!CURSOR_TIME.test(time) || time < "0001" || Number.isNaN(createdAt.getTime())) return undefined;
  if (createdAt.toISOString() !== time || !UUID.test(id)) return undefined;
  return { createdAt, id: id.toLowerCase() };
}

/** What the runs list may be filtered by; anything unknown or malformed is ignored. */
export const executionFilterSchema = z.object({
  status: optionalEnum(EXECUTION_STATUSES),
  trigger: optionalEnum(TRIGGER_TYPES),
  workflow: z
    .string()
    .optional()
    .transform((v) => (v && UUID.test(v) ? v.toLowerCase() : undefined)),
  from: optionalDate,
  to: optionalDate,
  before: z
    .string()
    .optional()
    .transform((v) => (decodeCursor(v) ? v : undefined)),
});
export type ExecutionFilter = z.output<typeof executionFilterSchema>;

// ---------------------------------------------------------------------------------------------
// Notifications

/**
 * Where clicking a notification goes: its own link when it is a path in the app or an http(s)
 * URL (anything else, e.g. `javascript:`, is dropped), else the run that sent it. A link is
 * judged as the browser will read it (it drops tabs and newlines, and reads `\\` as `/`), so
 * `/\t/evil.example` is not taken for a path. Links can come from a webhook's payload through a
 * template: an outside address is marked external (a new tab, no referrer), never a credentialed
 * one.
 */
export function notificationHref(
  link: string | null,
  executionId: string | null,
  slug: string,
): { href: string; external: boolean } | null {
  const value = link?.trim();
  if (value) {
    if (value.startsWith("/")) {
      const base = "https://app.invalid";
      try {
        const url = new URL(value, base);
        if (url.origin === base && !/[\u0000-\u001f\\]/.test(value) && !value.startsWith("//"))
          return { href: `${url.pathname}${url.search}${url.hash}`, external: false };
      } catch {
        // not a path: fall through to the run
      }
    } else {
      try {
        const url = new URL(value);
        if ((url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password)
          return { href: url.href, external: true };
      } catch {
        // not a URL: fall through to the run
      }
    }
  }
  return executionId ? { href: `/o/${slug}/runs/${executionId}`, external: false } : null;
}

/**
 * What a manual test run hands its trigger step, shaped like the trigger would shape it, so the
 * later steps' expressions (`trigger.body.…`, `trigger.input.…`) see what they will see for real.
 */
export function manualTriggerInput(
  triggerType: string | null,
  input: Record<string, unknown>,
  startedBy: string | null,
  now: Date = new Date(),
): Record<string, unknown> {
  switch (triggerType) {
    case "webhook":
      return {
        body: input,
        headers: {},
        query: {},
        method: "POST",
        received_at: now.toISOString(),
        test: true,
      };
    case "event":
      return { occurred_at: now.toISOString(), ...input };
    case "schedule":
      return { scheduled_at: now.toISOString(), timezone: "UTC", ...input };
    default:
      return { input, started_by: startedBy };
  }
}
