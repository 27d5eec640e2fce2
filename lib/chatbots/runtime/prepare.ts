import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { llmConfigured } from "@/lib/llm";
import { cachedNodeConfig, flowColumns, flowFrom, type FlowColumns } from "../flow/cache";
import type { AnswerListener } from "../llm-answer";
import { answerSettings, completeAnswer, prepareAnswer, type PreparedAnswer } from "./answers";
import { isUuid, loadFlowUncached } from "./flow-load";
import { answerConfig, otherQuestionAt } from "./respond";
import { visitorTokenMatches } from "./tokens";
import { HANDOFF_INTENT, type FlowState, type RuntimeBot } from "./types";

/**
 * With an LLM configured, works out the answer to a visitor's question before the turn's
 * transaction when the session would answer it from the knowledge base, so the (slow) LLM call
 * holds no connection and no lock. Reads without locking; the turn uses it only if it then
 * answers this very question with the same settings.
 */
export async function prepareOutsideTransaction(
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  content: string,
  useDraft: boolean,
  db: Sql,
  listener?: AnswerListener,
): Promise<PreparedAnswer | null> {
  if (!llmConfigured() || HANDOFF_INTENT.test(content) || !isUuid(sessionId)) return null;
  const prepared = await withServiceRoleBypassingRls(async (tx) => {
    const [row] = await tx<
      ({ status: string; flow_state: Partial<FlowState>; visitor_token_hash: string } & FlowColumns)[]
    >`
      select s.status, s.flow_state, s.visitor_token_hash, ${flowColumns(tx, bot.id, useDraft)}
      from public.conversation_sessions s
      left join public.chatbot_workflows w on w.bot_id = s.bot_id and w.organization_id = s.organization_id
      where s.id = ${sessionId} and s.bot_id = ${bot.id} and s.organization_id = ${bot.organization_id}`;
    if (!row || row.status !== "active" || !visitorTokenMatches(row.visitor_token_hash, visitorToken))
      return null;
    const flow = flowFrom(bot.id, useDraft, row) ?? (await loadFlowUncached(tx, bot, useDraft));
    const waitingId = typeof row.flow_state?.waiting === "string" ? row.flow_state.waiting : null;
    const waiting = waitingId ? flow.nodes.find((n) => n.id === waitingId) : undefined;
    const config =
      waiting?.type === "knowledge_answer"
        ? cachedNodeConfig(waiting)
        : !waiting || otherQuestionAt(waiting, content)
          ? answerConfig(flow)
          : null;
    if (!config) return null;
    return prepareAnswer(tx, bot, sessionId, content, answerSettings(config));
  }, db);
  return prepared ? completeAnswer(bot, prepared, listener) : null;
}
