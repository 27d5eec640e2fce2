import { getBot } from "@/lib/chatbots/bots";
import { handleVisitorMessage, startConversation } from "@/lib/chatbots/runtime";
import { sql, withServiceRoleBypassingRls } from "@/lib/db/client";

/**
 * A website visitor served by another app process (tests/int/live-multi-process.int.test.ts): opens
 * a conversation with BOT_ID of ORGANIZATION_ID and asks for a person, then prints the session id.
 */
const db = sql();
const bot = await withServiceRoleBypassingRls(
  (tx) => getBot(tx, process.env.ORGANIZATION_ID!, process.env.BOT_ID!),
  db,
);
const started = await startConversation(bot, { db });
await handleVisitorMessage(bot, started.sessionId, started.visitorToken, "Can I talk to a human please?", {
  db,
});
console.log(started.sessionId);
await db.end();
