import { z } from "zod";
import type { StepExecutor } from "./step";

/** Queues conversation.started (or one chosen workflow) with the turn: the outbox. */
export const startWorkflow: StepExecutor = async (turn, node, config) => {
  const rows = await turn.tx`
    select content from public.conversation_messages
    where session_id = ${turn.session.id} and role = 'user' order by seq limit 1`;
  const [first] = z.array(z.object({ content: z.string() })).parse(rows);
  const input = turn.eventPayload(first?.content ?? turn.pendingUser?.content ?? "");
  if (config.mode === "workflow" && config.workflow_id)
    turn.effects.push({ kind: "workflow", workflowId: String(config.workflow_id), input });
  else turn.effects.push({ kind: "event", event: "conversation.started", payload: input });
  return turn.next(node.id, "out");
};
