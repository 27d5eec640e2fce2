import { withUser, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readLiveState } from "./executions";
import { isTerminal, type LiveExecution, type LiveStep } from "./format";
import { subscribeToExecution } from "./live";

/**
 * A run as server-sent events (text/event-stream), read as the user:
 *
 * - `snapshot` {execution, steps}: everything, first (and again after a reconnect);
 * - `update` {execution?, steps}: what changed since the last event (changed steps only);
 * - `end` {status}: the run finished; the stream closes;
 * - `gone` {message}: the user can no longer see the run (removed from the organization, the run
 *   deleted); the stream closes.
 *
 * Woken by the shared LISTEN connection (lib/executions/live.ts); re-reads are debounced and a
 * slow poll covers a notification lost to a dropped connection. Every re-read runs as the user, so
 * RLS decides each time. Comments keep proxies from timing the stream out. A stream lives at most
 * `maxMs`, and never past the expiry of the access token it was opened with; EventSource then
 * reconnects by itself, with a fresh session.
 *
 * Back-pressure: a client that does not read (a stalled connection) is not read for. Once
 * `highWaterMark` bytes are queued the stream neither re-reads the run nor pings; when the client
 * catches up it re-reads once and sends what changed meanwhile.
 */

export type StreamOptions = {
  signal?: AbortSignal;
  debounceMs?: number;
  pollMs?: number;
  pingMs?: number;
  maxMs?: number;
  /** Bytes queued for a slow client before the stream waits for it. */
  highWaterMark?: number;
};

type State = { execution: LiveExecution; steps: LiveStep[] };

const encoder = new TextEncoder();

export function sseEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** How long until the claims' access token expires (ms), or Infinity when they do not say. */
function msUntilExpiry(claims: UserClaims, now = Date.now()): number {
  return typeof claims.exp === "number" ? Math.max(0, claims.exp * 1000 - now) : Infinity;
}

/** Opens the stream, or throws not_found when the user cannot see the run (before any byte is sent). */
export async function executionEventStream(
  claims: UserClaims,
  executionId: string,
  options: StreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const first = await withUser(claims, (tx) => readLiveState(tx, executionId));
  if (!first) throw new AppError("not_found", "That run does not exist, or you cannot see it.");

  const debounceMs = options.debounceMs ?? 100;
  const maxMs = Math.min(options.maxMs ?? 30 * 60_000, msUntilExpiry(claims));
  let closed = false;
  const intervals: NodeJS.Timeout[] = [];
  let deadline: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const sentSteps = new Map<string, string>();
  let sentExecution = "";
  let pending: NodeJS.Timeout | null = null;
  let reading: Promise<void> | null = null;
  let again = false;
  /** A re-read was skipped because the client is behind: do it when it catches up (pull). */
  let stalled = false;

  const backedUp = () => (controller.desiredSize ?? 1) <= 0;

  const close = () => {
    if (closed) return;
    closed = true;
    for (const t of intervals) clearInterval(t);
    intervals.length = 0;
    if (deadline) clearTimeout(deadline);
    if (pending) clearTimeout(pending);
    options.signal?.removeEventListener("abort", close);
    unsubscribe?.();
    unsubscribe = null;
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  };

  const send = (chunk: Uint8Array) => {
    if (closed) return;
    try {
      controller.enqueue(chunk);
    } catch {
      close();
    }
  };

  /** Sends what differs from what was sent; ends the stream once the run is final. */
  const emit = (state: State, kind: "snapshot" | "update") => {
    const executionJson = JSON.stringify(state.execution);
    const changed: LiveStep[] = [];
    for (const step of state.steps) {
      const json = JSON.stringify(step);
      if (sentSteps.get(step.step_key) !== json) {
        sentSteps.set(step.step_key, json);
        changed.push(step);
      }
    }
    const executionChanged = executionJson !== sentExecution;
    sentExecution = executionJson;
    if (kind === "snapshot") send(sseEvent("snapshot", state));
    else if (executionChanged || changed.length)
      send(
        sseEvent("update", { ...(executionChanged ? { execution: state.execution } : {}), steps: changed }),
      );
    if (isTerminal(state.execution.status)) {
      send(sseEvent("end", { status: state.execution.status }));
      close();
    }
  };

  const refresh = async () => {
    if (closed) return;
    if (backedUp()) {
      stalled = true;
      return;
    }
    if (reading) {
      again = true;
      return;
    }
    reading = (async () => {
      try {
        const state = await withUser(claims, (tx) => readLiveState(tx, executionId));
        if (!state) {
          send(sseEvent("gone", { message: "This run is no longer available." }));
          close();
          return;
        }
        emit(state, "update");
      } catch (e) {
        console.error("[runs] event stream read failed:", e);
      }
    })();
    await reading;
    reading = null;
    if (again && !closed) {
      again = false;
      schedule();
    }
  };

  const schedule = () => {
    if (closed || pending) return;
    pending = setTimeout(() => {
      pending = null;
      void refresh();
    }, debounceMs);
  };

  return new ReadableStream<Uint8Array>(
    {
      async start(c) {
        controller = c;
        send(encoder.encode(`retry: 2000\n\n`));
        emit(first, "snapshot");
        if (closed) return;
        options.signal?.addEventListener("abort", close, { once: true });
        if (options.signal?.aborted) return close();
        deadline = setTimeout(close, maxMs);
        let listening = false;
        try {
          const stop = await subscribeToExecution(executionId, schedule);
          // The client may have gone while we subscribed: nothing may be left behind then.
          if (closed) return stop();
          unsubscribe = stop;
          listening = true;
        } catch (e) {
          console.error("[runs] could not LISTEN, polling instead:", e);
        }
        if (closed) return;
        // A change between the first read and LISTEN taking effect would be missed: look once more.
        schedule();
        intervals.push(setInterval(() => void refresh(), options.pollMs ?? (listening ? 5000 : 1000)));
        intervals.push(
          setInterval(() => {
            if (!backedUp()) send(encoder.encode(`: ping\n\n`));
          }, options.pingMs ?? 15_000),
        );
      },
      pull() {
        // The client read what was queued: catch up on what was skipped while it was behind.
        if (stalled && !closed) {
          stalled = false;
          schedule();
        }
      },
      cancel() {
        close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: options.highWaterMark ?? 64 * 1024 }),
  );
}
