import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import {
  agentRunRowSchema,
  agentSummarySchema,
  agentTotalsSchema,
  type AgentRun,
  type AgentSummary,
  type AgentTotals,
} from "./schemas";

/** Reading agents and their runs in the caller's transaction (RLS: agents:read). */

export async function listAgents(
  tx: Tx,
  organizationId: string,
  params: { projectId?: string | null } = {},
): Promise<AgentSummary[]> {
  const rows = await tx`
    select a.id, a.name, a.description, a.model, a.version, a.updated_at,
           coalesce(r.runs, 0) as runs, coalesce(r.cost_usd, 0) as cost_usd, r.last_run_at
    from public.agents a
    left join lateral (
      select count(*) as runs, sum(e.cost_usd) as cost_usd, max(e.created_at) as last_run_at
      from public.agent_executions e
      where e.agent_id = a.id and e.organization_id = ${organizationId}
    ) r on true
    where a.organization_id = ${organizationId}
      ${params.projectId ? tx`and a.project_id = ${params.projectId}` : tx``}
    order by lower(a.name), a.id
    limit 500`;
  return z.array(agentSummarySchema).parse(rows);
}

export async function listAgentRuns(
  tx: Tx,
  organizationId: string,
  agentId: string,
  params: { limit?: number } = {},
): Promise<AgentRun[]> {
  const limit = Math.max(1, Math.min(200, params.limit ?? 50));
  const rows = await tx`
    select id, agent_version, source, execution_id, model, status, input, output, error, tokens_in, tokens_out,
           cost_usd, duration_ms, created_at
    from public.agent_executions
    where organization_id = ${organizationId} and agent_id = ${agentId}
    order by created_at desc, id
    limit ${limit}`;
  return z.array(agentRunRowSchema).parse(rows);
}

export async function agentTotals(tx: Tx, organizationId: string, agentId: string): Promise<AgentTotals> {
  const [row] = await tx`
    select count(*) as runs, count(*) filter (where status = 'failed') as failed,
           coalesce(sum(tokens_in), 0) as tokens_in, coalesce(sum(tokens_out), 0) as tokens_out,
           coalesce(sum(cost_usd), 0) as cost_usd, avg(duration_ms) as avg_duration_ms
    from public.agent_executions
    where organization_id = ${organizationId} and agent_id = ${agentId}`;
  return agentTotalsSchema.parse(row);
}

const choiceSchema = z.object({ id: z.uuid(), name: z.string() });
export type AgentChoice = z.infer<typeof choiceSchema>;

/** What an agent's tools may point at: the organization's chatbots (knowledge) and workflows. */
export async function agentToolChoices(
  tx: Tx,
  organizationId: string,
): Promise<{ bots: AgentChoice[]; workflows: AgentChoice[] }> {
  const [bots, workflows] = await Promise.all([
    tx`select id, name from public.bots where organization_id = ${organizationId} order by lower(name) limit 200`,
    tx`select id, name from public.workflows where organization_id = ${organizationId} and status <> 'archived'
       order by lower(name) limit 200`,
  ]);
  return { bots: z.array(choiceSchema).parse(bots), workflows: z.array(choiceSchema).parse(workflows) };
}

/** The organization's agents by name, for the workflow step's agent picker. */
export async function agentChoices(tx: Tx, organizationId: string): Promise<AgentChoice[]> {
  const rows = await tx`
    select id, name from public.agents where organization_id = ${organizationId} order by lower(name) limit 500`;
  return z.array(choiceSchema).parse(rows);
}
