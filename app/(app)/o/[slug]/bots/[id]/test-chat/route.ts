import { defineOrgRoute } from "@/lib/actions/session-route";
import { testChatStartSchema, testChatStreamSchema } from "@/lib/chatbots/console-action-schemas";
import { answerEvents } from "@/lib/chatbots/llm-answer";
import { sendTestMessage, testChatReply } from "@/lib/chatbots/test-chat";
import { AppError } from "@/lib/errors";
import { eventStreamResponse } from "@/lib/http/event-stream";

/**
 * The console's test chat, streamed: the member's message to the bot's draft flow, answered as
 * server-sent events (`sources` and `delta` while an LLM writes the answer, then `done` with the
 * stored turn). For those who may edit the bot, like startTestChatAction; the runtime opens its
 * own transactions (hence `transaction: false`).
 */
export const POST = defineOrgRoute({
  permission: ["bots", "update"],
  body: { json: testChatStreamSchema, maxBytes: 8 * 1024 },
  transaction: false,
  handler: async ({ params, claims, organization, body }) => {
    const bot = testChatStartSchema.safeParse({ bot_id: params.id });
    if (!bot.success) throw new AppError("not_found", "That bot could not be found.");
    return eventStreamResponse(async (send) =>
      testChatReply(
        await sendTestMessage(
          claims,
          organization.organization.id,
          bot.data.bot_id,
          { id: body.session_id, visitorToken: body.token },
          body.text,
          answerEvents(send),
        ),
      ),
    );
  },
});
