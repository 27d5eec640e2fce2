/**
 * The browser's side of lib/http/event-stream: POSTs JSON asking for server-sent events, hands
 * each event to `onEvent` as it arrives, and resolves with the `done` event's data. A JSON answer
 * (a refusal before the stream began) or an `error` event rejects with the server's message.
 */
export class EventStreamError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { message?: string } };

const FALLBACK = "Could not reach the server. Try again.";

export async function postForEvents<T>(
  url: string,
  body: unknown,
  onEvent: (event: string, data: unknown) => void,
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  if (!response.headers.get("content-type")?.startsWith("text/event-stream") || !response.body) {
    const json = (await response.json().catch(() => ({}))) as ErrorBody & T;
    if (!response.ok) throw new EventStreamError(json.error?.message ?? FALLBACK, response.status);
    return json;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new EventStreamError("The answer was cut off. Try again.", 502);
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (!event || data === undefined) continue;
      const parsed = JSON.parse(data) as unknown;
      if (event === "done") {
        await reader.cancel().catch(() => {});
        return parsed as T;
      }
      if (event === "error") {
        const error = parsed as ErrorBody & { status?: number };
        throw new EventStreamError(error.error?.message ?? FALLBACK, error.status ?? 500);
      }
      onEvent(event, parsed);
    }
  }
}
