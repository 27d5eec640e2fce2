import { toAppError } from "@/lib/errors";
import { errorResponse } from "./respond";

/**
 * A response of server-sent events (`text/event-stream`) fed by `produce` as it works: each
 * `send(event, data)` is one `event: …\ndata: <json>\n\n` frame, and what `produce` returns ends
 * the stream as a `done` event. The response starts with the first event: a failure before any
 * event is answered as a plain JSON error with its status (a 4xx stays a 4xx); a failure after
 * the stream has begun is sent as an `error` event ({ status, error }) and ends it. A reader who
 * goes away does not stop `produce` (the work is finished and stored; sends are dropped).
 */
export type SendEvent = (event: string, data: unknown) => void;

export async function eventStreamResponse(
  produce: (send: SendEvent) => Promise<unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      closed = true;
    },
  });
  let begin!: () => void;
  const begun = new Promise<"begun">((resolve) => {
    begin = () => resolve("begun");
  });
  const send: SendEvent = (event, data) => {
    begin();
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    } catch {
      closed = true;
    }
  };
  const end = () => {
    if (closed) return;
    closed = true;
    controller.close();
  };
  const finished = produce(send).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const first = await Promise.race([begun, finished]);
  if (first !== "begun" && !first.ok) return errorResponse(first.error, headers);
  void finished.then((outcome) => {
    if (outcome.ok) send("done", outcome.result);
    else {
      const error = toAppError(outcome.error);
      if (error.code === "internal") console.error("[event-stream] failed:", outcome.error);
      send("error", { status: error.status, ...error.toBody() });
    }
    end();
  });
  return new Response(body, {
    status: 200,
    headers: {
      ...headers,
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // No buffering by a proxy in front (nginx): each event goes out as it is sent.
      "X-Accel-Buffering": "no",
    },
  });
}

/** Whether the client asked for server-sent events. */
export function wantsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/event-stream");
}
