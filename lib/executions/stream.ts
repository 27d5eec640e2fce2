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
  const read = () => withUser(claims, (tx) => readLiveState(tx, executionId));
  const first = await read();
  if (!first) throw new AppError("not_found", "That run does not exist, or you cannot see it.");
  const maxMs = Math.min(options.maxMs ?? 30 * 60_000, msUntilExpiry(claims));
  const live = new LiveRunStream(executionId, read, { ...options, maxMs });
  return new ReadableStream<Uint8Array>(
    {
      start: (controller) => live.start(controller, first),
      pull: () => live.pull(),
      cancel: () => live.close(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: options.highWaterMark ?? 64 * 1024 }),
  );
}

/** One open stream: what was sent, the debounced re-reads, the timers. */
class LiveRunStream {
  private closed = false;
  private readonly intervals: NodeJS.Timeout[] = [];
  private deadline: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly sentSteps = new Map<string, string>();
  private sentExecution = "";
  private pending: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  /** A re-read was skipped because the client is behind: do it when it catches up (pull). */
  private stalled = false;

  constructor(
    private readonly executionId: string,
    private readonly read: () => Promise<State | null>,
    private readonly options: StreamOptions & { maxMs: number },
  ) {}

  private backedUp() {
    return (this.controller.desiredSize ?? 1) <= 0;
  }

  close = () => {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.intervals) clearInterval(t);
    this.intervals.length = 0;
    if (this.deadline) clearTimeout(this.deadline);
    if (this.pending) clearTimeout(this.pending);
    this.options.signal?.removeEventListener("abort", this.close);
    this.unsubscribe?.();
    this.unsubscribe = null;
    try {
      this.controller.close();
    } catch {
      // already closed by the client
    }
  };

  private send(chunk: Uint8Array) {
    if (this.closed) return;
    try {
      this.controller.enqueue(chunk);
    } catch {
      this.close();
    }
  }

  /** Sends what differs from what was sent; ends the stream once the run is final. */
  private emit(state: State, kind: "snapshot" | "update") {
    const executionJson = JSON.stringify(state.execution);
    const changed: LiveStep[] = [];
    for (const step of state.steps) {
      const json = JSON.stringify(step);
      if (this.sentSteps.get(step.step_key) !== json) {
        this.sentSteps.set(step.step_key, json);
        changed.push(step);
      }
    }
    const executionChanged = executionJson !== this.sentExecution;
    this.sentExecution = executionJson;
    if (kind === "snapshot") this.send(sseEvent("snapshot", state));
    else if (executionChanged || changed.length)
      this.send(
        sseEvent("update", { ...(executionChanged ? { execution: state.execution } : {}), steps: changed }),
      );
    if (isTerminal(state.execution.status)) {
      this.send(sseEvent("end", { status: state.execution.status }));
      this.close();
    }
  }

  private refresh = async () => {
    if (this.closed) return;
    if (this.backedUp()) {
      this.stalled = true;
      return;
    }
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      try {
        const state = await this.read();
        if (!state) {
          this.send(sseEvent("gone", { message: "This run is no longer available." }));
          this.close();
          return;
        }
        this.emit(state, "update");
      } catch (e) {
        console.error("[runs] event stream read failed:", e);
      }
    })();
    await this.reading;
    this.reading = null;
    if (this.again && !this.closed) {
      this.again = false;
      this.schedule();
    }
  };

  private schedule = () => {
    if (this.closed || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.refresh();
    }, this.options.debounceMs ?? 100);
  };

  async start(controller: ReadableStreamDefaultController<Uint8Array>, first: State) {
    this.controller = controller;
    this.send(encoder.encode(`retry: 2000\n\n`));
    this.emit(first, "snapshot");
    if (this.closed) return;
    const { signal } = this.options;
    signal?.addEventListener("abort", this.close, { once: true });
    if (signal?.aborted) return this.close();
    this.deadline = setTimeout(this.close, this.options.maxMs);
    const listening = await this.listen();
    if (this.closed) return;
    // A change between the first read and LISTEN taking effect would be missed: look once more.
    this.schedule();
    const pollMs = this.options.pollMs ?? (listening ? 5000 : 1000);
    this.intervals.push(setInterval(() => void this.refresh(), pollMs));
    this.intervals.push(
      setInterval(() => {
        if (!this.backedUp()) this.send(encoder.encode(`: ping\n\n`));
      }, this.options.pingMs ?? 15_000),
    );
  }

  /** Subscribes to the run's notices; false when LISTEN failed (the stream polls faster then). */
  private async listen(): Promise<boolean> {
    try {
      const stop = await subscribeToExecution(this.executionId, this.schedule);
      // The client may have gone while we subscribed: nothing may be left behind then.
      if (this.closed) {
        stop();
        return true;
      }
      this.unsubscribe = stop;
      return true;
    } catch (e) {
      console.error("[runs] could not LISTEN, polling instead:", e);
      return false;
    }
  }

  /** The client read what was queued: catch up on what was skipped while it was behind. */
  pull() {
    if (this.stalled && !this.closed) {
      this.stalled = false;
      this.schedule();
    }
  }
}
