import type { Tx } from "@/lib/db/client";
import type { LlmUsage } from "./generate";

/**
 * Adds a call's tokens and cost to the organization's month in `tenant_usage` (what usage pages
 * and billing read), in the caller's service-path transaction. `agentRun` counts a workflow AI
 * step as well; bot answers and receipts count tokens and cost only.
 */
export async function recordLlmUsage(
  tx: Tx,
  organizationId: string,
  usage: Pick<LlmUsage, "inputTokens" | "outputTokens" | "costUsd">,
  options: { agentRun?: boolean } = {},
): Promise<void> {
  const runs = options.agentRun ? 1 : 0;
  await tx`
    insert into public.tenant_usage (organization_id, period_start, agent_runs, tokens_in, tokens_out, cost_usd)
    values (${organizationId}, date_trunc('month', now())::date, ${runs}, ${usage.inputTokens},
            ${usage.outputTokens}, ${usage.costUsd})
    on conflict (organization_id, period_start) do update
    set agent_runs = public.tenant_usage.agent_runs + excluded.agent_runs,
        tokens_in = public.tenant_usage.tokens_in + excluded.tokens_in,
        tokens_out = public.tenant_usage.tokens_out + excluded.tokens_out,
        cost_usd = public.tenant_usage.cost_usd + excluded.cost_usd`;
}
