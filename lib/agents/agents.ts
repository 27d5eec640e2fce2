import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { agentRowSchema, type Agent, type AgentFields, type AgentTool } from "./schemas";

/**
 * Writing agents, in the caller's transaction (RLS: agents:create / update / delete). A save that
 * changes what the agent does (instructions, model, provider, temperature, schema, tools) makes a
 * new version (the table's trigger); runs record the version they used.
 */

export const AGENT_NOT_FOUND = "This agent does not exist or was deleted.";

const COLUMNS = `id, name, description, instructions, model, provider, temperature, output_schema, tools,
  version, status, created_at, updated_at`;

/** The tools' chatbot and workflow must be this organization's (and visible to the member). */
async function checkToolTargets(tx: Tx, organizationId: string, tools: AgentTool[]): Promise<void> {
  for (const t of tools) {
    if (t.type === "knowledge_search") {
      const [bot] =
        await tx`select 1 from public.bots where id = ${t.bot_id} and organization_id = ${organizationId}`;
      if (!bot)
        throw new AppError("validation_failed", "The knowledge search tool's chatbot was not found.", {
          tools: ["The knowledge search tool's chatbot was not found."],
        });
    } else if (t.type === "start_workflow") {
      const [workflow] = await tx`
        select 1 from public.workflows where id = ${t.workflow_id} and organization_id = ${organizationId}`;
      if (!workflow)
        throw new AppError("validation_failed", "The start-a-workflow tool's workflow was not found.", {
          tools: ["The start-a-workflow tool's workflow was not found."],
        });
    }
  }
}

function values(fields: AgentFields) {
  return {
    name: fields.name,
    description: fields.description,
    instructions: fields.instructions,
    model: fields.model || null,
    provider: fields.provider || null,
    temperature: fields.temperature,
    output_schema: fields.output_schema,
    tools: fields.tools,
  };
}

export async function createAgent(
  tx: Tx,
  organizationId: string,
  fields: AgentFields,
  createdBy: string | null,
): Promise<Agent> {
  await checkToolTargets(tx, organizationId, fields.tools);
  const v = values(fields);
  const [row] = await tx`
    insert into public.agents (organization_id, name, description, instructions, model, provider, temperature,
                               output_schema, tools, created_by)
    values (${organizationId}, ${v.name}, ${v.description}, ${v.instructions}, ${v.model}, ${v.provider},
            ${v.temperature}, ${v.output_schema === null ? null : tx.json(v.output_schema as never)},
            ${tx.json(v.tools as never)}, ${createdBy})
    returning ${tx.unsafe(COLUMNS)}`;
  return agentRowSchema.parse(row);
}

export async function updateAgent(
  tx: Tx,
  organizationId: string,
  params: AgentFields & { id: string },
): Promise<Agent> {
  await checkToolTargets(tx, organizationId, params.tools);
  const v = values(params);
  const [row] = await tx`
    update public.agents
    set name = ${v.name}, description = ${v.description}, instructions = ${v.instructions}, model = ${v.model},
        provider = ${v.provider}, temperature = ${v.temperature},
        output_schema = ${v.output_schema === null ? null : tx.json(v.output_schema as never)},
        tools = ${tx.json(v.tools as never)}
    where id = ${params.id} and organization_id = ${organizationId}
    returning ${tx.unsafe(COLUMNS)}`;
  if (!row) throw new AppError("not_found", AGENT_NOT_FOUND);
  return agentRowSchema.parse(row);
}

/** Deleting an agent keeps its runs (their agent_id becomes null) for the usage history. */
export async function deleteAgent(tx: Tx, organizationId: string, params: { id: string }): Promise<void> {
  const rows = await tx`
    delete from public.agents where id = ${params.id} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", AGENT_NOT_FOUND);
}

export async function getAgent(tx: Tx, organizationId: string, id: string): Promise<Agent | null> {
  const [row] = await tx`
    select ${tx.unsafe(COLUMNS)} from public.agents where id = ${id} and organization_id = ${organizationId}`;
  return row ? agentRowSchema.parse(row) : null;
}

export { COLUMNS as AGENT_COLUMNS };
