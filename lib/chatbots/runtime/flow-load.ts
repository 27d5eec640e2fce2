import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { flowColumns, flowFrom, type FlowColumns } from "../flow/cache";
import { parseFlow, type FlowDefinition } from "../flow/definition";
import { visitorTokenMatches } from "./tokens";
import type { RuntimeBot, SessionRow } from "./types";

/** The bot's flow (cached per published version) and the session locked for a turn. */

export async function loadFlow(tx: Tx, bot: RuntimeBot, useDraft: boolean): Promise<FlowDefinition> {
  const [row] = await tx<FlowColumns[]>`
    select ${flowColumns(tx, bot.id, useDraft)} from public.chatbot_workflows w
    where w.bot_id = ${bot.id} and w.organization_id = ${bot.organization_id}`;
  if (!row) return parseFlow(null);
  return flowFrom(bot.id, useDraft, row) ?? loadFlowUncached(tx, bot, useDraft);
}

export async function loadFlowUncached(tx: Tx, bot: RuntimeBot, useDraft: boolean): Promise<FlowDefinition> {
  const [row] = await tx<{ definition: unknown; published_definition: unknown }[]>`
    select definition, published_definition from public.chatbot_workflows
    where bot_id = ${bot.id} and organization_id = ${bot.organization_id}`;
  if (!row) return parseFlow(null);
  return parseFlow(useDraft ? row.definition : (row.published_definition ?? row.definition));
}

export async function lockSession(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  useDraft: boolean,
): Promise<{ session: SessionRow; flow: FlowDefinition }> {
  if (!isUuid(sessionId)) throw conversationNotFound();
  // The session (locked) and the bot's flow (when not cached) in one round trip.
  const [row] = await tx<(SessionRow & FlowColumns)[]>`
    select s.id, s.organization_id, s.bot_id, s.status, s.contact_id, s.contact_info, s.goal_reached, s.flow_state,
           s.visitor_token_hash, s.channel, ${flowColumns(tx, bot.id, useDraft)}
    from public.conversation_sessions s
    left join public.chatbot_workflows w on w.bot_id = s.bot_id and w.organization_id = s.organization_id
    where s.id = ${sessionId} and s.bot_id = ${bot.id} and s.organization_id = ${bot.organization_id}
    for update of s`;
  if (!row || !visitorTokenMatches(row.visitor_token_hash, visitorToken)) throw conversationNotFound();
  const { flow_stamp, flow_definition, ...session } = row;
  const flow =
    flowFrom(bot.id, useDraft, { flow_stamp, flow_definition }) ??
    (await loadFlowUncached(tx, bot, useDraft));
  return { session, flow };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
export const conversationNotFound = () =>
  new AppError("not_found", "This conversation was not found. Start a new one.");
