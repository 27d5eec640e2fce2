import { subscribeToNotifications } from "@/lib/db/notifications";

/**
 * "Something changed, read again" as server-sent events, woken by Postgres notifications through
 * the process's one shared LISTEN connection (lib/db/notifications.ts). No content crosses here:
 * each event only names what to re-read (`inbox`, `bell` …), and the page re-reads it as its user,
 * under RLS.
 *
 * No lost wake-ups: `ready` is sent once every source is being listened to, and the client re-reads
 * everything on it (a change between the page's first read and LISTEN taking effect is caught);
 * after the listening connection reconnects, every event is sent once (notifications may have been
 * lost meanwhile); EventSource reconnects by itself after `maxMs` or a dropped connection, and gets
 * `ready` again. Events are debounced per name; a slow client is not written to past
 * `highWaterMark` and gets the events it missed once it reads again.
 */

export type NoticeSource = {
  /** The SSE event sent when this source is notified. */
  event: string;
  channel: string;
  /** The payload that concerns this stream (an organization's or a user's id). */
  key: string;
};

export type NoticeStreamOptions = {
  signal?: AbortSignal;
  debounceMs?: number;
  pingMs?: number;
  maxMs?: number;
  highWaterMark?: number;
  /** Subscribes (tests pass their own database); defaults to lib/db/notifications. */
  subscribe?: (source: NoticeSource, onNotice: () => void) => Promise<() => void>;
};

const encoder = new TextEncoder();

function frame(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const defaultSubscribe = (source: NoticeSource, onNotice: () => void) =>
  subscribeToNotifications(source.channel, source.key, () => onNotice(), { keyOf: (payload) => payload });

export const EVENT_STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

export function noticeEventStream(
  sources: NoticeSource[],
  options: NoticeStreamOptions = {},
): ReadableStream<Uint8Array> {
  const debounceMs = options.debounceMs ?? 150;
  const subscribe = options.subscribe ?? defaultSubscribe;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const stops: (() => void)[] = [];
  const timers: NodeJS.Timeout[] = [];
  /** Events due but not yet sent (debounced, or held back for a slow client). */
  const due = new Set<string>();
  let flushTimer: NodeJS.Timeout | null = null;

  const close = () => {
    if (closed) return;
    closed = true;
    for (const stop of stops.splice(0)) stop();
    for (const t of timers.splice(0)) clearTimeout(t);
    if (flushTimer) clearTimeout(flushTimer);
    options.signal?.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  };
  const backedUp = () => (controller.desiredSize ?? 1) <= 0;
  const send = (chunk: Uint8Array) => {
    if (closed) return;
    try {
      controller.enqueue(chunk);
    } catch {
      close();
    }
  };
  const flush = () => {
    flushTimer = null;
    if (closed || backedUp()) return; // pull() flushes once the client reads again
    for (const event of due) send(frame(event, {}));
    due.clear();
  };
  const notice = (event: string) => {
    if (closed) return;
    due.add(event);
    flushTimer ??= setTimeout(flush, debounceMs);
  };

  return new ReadableStream<Uint8Array>(
    {
      async start(c) {
        controller = c;
        send(encoder.encode(`retry: 2000\n\n`));
        options.signal?.addEventListener("abort", close, { once: true });
        if (options.signal?.aborted) return close();
        try {
          for (const source of sources) {
            const stop = await subscribe(source, () => notice(source.event));
            if (closed) return stop();
            stops.push(stop);
          }
        } catch (e) {
          console.error("[live] could not LISTEN:", e);
          send(frame("error", { message: "Live updates are unavailable; the page checks now and then." }));
          return close();
        }
        send(frame("ready", { events: sources.map((s) => s.event) }));
        timers.push(setTimeout(close, options.maxMs ?? 30 * 60_000));
        const ping = setInterval(() => {
          if (!backedUp()) send(encoder.encode(`: ping\n\n`));
        }, options.pingMs ?? 15_000);
        timers.push(ping as unknown as NodeJS.Timeout);
      },
      pull() {
        if (due.size && !flushTimer && !closed) flushTimer = setTimeout(flush, 0);
      },
      cancel() {
        close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: options.highWaterMark ?? 16 * 1024 }),
  );
}
