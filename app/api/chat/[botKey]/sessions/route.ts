import { chatPreflight, chatRoute, MAX_BODY_BYTES } from "@/lib/chatbots/public-api";
import { startConversation } from "@/lib/chatbots/runtime";
import { readTextBody } from "@/lib/http/respond";

/**
 * Public: a visitor starts a conversation with the bot whose key is in the path. Answers the
 * session id, the visitor token (send it back as X-Visitor-Token) and the bot's first messages.
 */
export const POST = chatRoute<{ botKey: string }, null>("message", {
  // No body is needed; a huge one is refused.
  parse: async (request) => (await readTextBody(request, MAX_BODY_BYTES), null),
  run: async ({ bot, origin }) => {
    const started = await startConversation(bot, { channel: "web", origin });
    return {
      session: { id: started.sessionId, status: started.status },
      visitorToken: started.visitorToken,
      bot: { name: bot.name },
      messages: started.messages,
    };
  },
});

export const OPTIONS = chatPreflight();
