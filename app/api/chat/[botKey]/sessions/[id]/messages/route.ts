import { chatPreflight, chatRoute, readMessage, visitorToken } from "@/lib/chatbots/public-api";
import { handleVisitorMessage, visitorMessages } from "@/lib/chatbots/runtime";
import { AppError } from "@/lib/errors";

type Params = { botKey: string; id: string };

/** Public: the visitor's message; answers it as stored and the bot's replies. */
export const POST = chatRoute<Params, { token: string; text: string }>("message", {
  parse: async (request) => ({ token: visitorToken(request), text: await readMessage(request) }),
  run: async ({ bot, params, input }) => {
    const turn = await handleVisitorMessage(bot, params.id, input.token, input.text, { channel: "web" });
    return {
      session: { id: params.id, status: turn.status, goalReached: turn.goalReached },
      userMessage: turn.userMessage,
      messages: turn.messages,
    };
  },
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
