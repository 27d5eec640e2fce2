import { withUser, type UserClaims } from "@/lib/db/client";
import { getBot } from "./bots";
import {
  handleVisitorMessage,
  startConversation,
  type StartedConversation,
  type TurnResult,
} from "./runtime";

/**
 * THE API THE CHATBOT CONSOLE USES for the test chat panel beside the flow editor: a member chats
 * with the bot's saved draft flow (not the published one). The caller checks the member may update
 * the bot (console-actions.ts: a test chat runs the draft for real, creating contacts and starting
 * workflows); the bot is read as the member, under RLS. Test sessions have channel `test`: they
 * stay out of the inbox and the analytics, and the origin and rate checks of the public API do not
 * apply (the member is signed in).
 */

export async function startTestConversation(
  claims: UserClaims,
  organizationId: string,
  botId: string,
): Promise<StartedConversation> {
  const bot = await withUser(claims, (tx) => getBot(tx, organizationId, botId));
  return startConversation(bot, { channel: "test", useDraft: true });
}

export async function sendTestMessage(
  claims: UserClaims,
  organizationId: string,
  botId: string,
  session: { id: string; visitorToken: string },
  text: string,
): Promise<TurnResult> {
  const bot = await withUser(claims, (tx) => getBot(tx, organizationId, botId));
  return handleVisitorMessage(bot, session.id, session.visitorToken, text, { useDraft: true });
}
