import { answerEvents } from "@/lib/chatbots/llm-answer";
import {
  answerVisitor,
  chatPreflight,
  chatRoute,
  readMessage,
  visitorToken,
} from "@/lib/chatbots/public-api";
import { visitorMessages } from "@/lib/chatbots/runtime";
import { AppError } from "@/lib/errors";

type Params = { botKey: string; id: string };

/**
 * Public: the visitor's message; answers it as stored and the bot's replies. With
 * `Accept: text/event-stream`, as server-sent events: `sources` (the passages an LLM answer is
 * drawn from) and `delta` (its text as it is written) when the LLM answers, then `done` with the
 * same body.
 */
export const POST = chatRoute<Params, { token: string; text: string }>("message", {
  parse: async (request) => ({ token: visitorToken(request), text: await readMessage(request) }),
  run: ({ bot, params, input }) => answerVisitor(bot, params.id, input),
  stream: ({ bot, params, input }, send) => answerVisitor(bot, params.id, input, answerEvents(send)),
});

/** Public: messages after `?after=<seq>` (agent replies reach the widget this way). */
export const GET = chatRoute<Params, { token: string; after: number }>("poll", {
  parse: (request) => {
    const raw = request.nextUrl.searchParams.get("after") ?? "0";
    if (!/^\d{1,18}$/.test(raw))
      throw new AppError("bad_request", "`after` must be a message sequence number.");
    return { token: visitorToken(request), after: Number(raw) };
  },
  run: async ({ bot, params, input }) => {
    const result = await visitorMessages(bot, params.id, input.token, input.after);
    return { session: { id: params.id, status: result.status }, messages: result.messages };
  },
});

export const OPTIONS = chatPreflight();
