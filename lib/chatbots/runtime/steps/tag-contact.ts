import type { Turn } from "../turn";
import type { StepExecutor } from "./step";

/** Tags the visitor's contact, or keeps the tags until there is one (collect lead adds them). */
export const tagContact: StepExecutor = async (turn, node, config) => {
  await tag(turn, (config.tags as string[]) ?? []);
  return turn.next(node.id, "out");
};

async function tag(turn: Turn, tags: string[]): Promise<void> {
  if (!tags.length) return;
  if (!turn.contactId) {
    turn.state.pendingTags = [...new Set([...turn.state.pendingTags, ...tags])];
    return;
  }
  await turn.tx`
    update public.contacts set tags = array(select distinct t from unnest(tags || ${tags}::text[]) as t order by t)
    where id = ${turn.contactId} and organization_id = ${turn.bot.organization_id}`;
}
