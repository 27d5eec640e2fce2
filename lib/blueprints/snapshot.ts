import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AgentItem, BotItem, CommissionPlanItem, WorkflowItem } from "./manifest";

/**
 * Reading the publisher's items into manifest items, as the publishing member (RLS: what they may
 * read). A workflow is its current draft; a bot its settings, draft flow and ready knowledge
 * (chunked as it is); a commission plan its rules that apply to everyone or a member type (a rule
 * for one named person means nothing in another organization and is left out, counted).
 */

export type Selection = { workflows: string[]; bots: string[]; agents: string[]; commission_plans: string[] };

const workflowRow = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  definition: z.unknown(),
});
const agentRow = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  instructions: z.string(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  temperature: z.coerce.number(),
  output_schema: z.record(z.string(), z.unknown()).nullable(),
  tools: z.array(z.unknown()),
});
const botRow = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  persona: z.string(),
  greeting: z.string(),
  fallback_message: z.string(),
  model_settings: z.unknown(),
  language: z.string(),
  flow: z.unknown(),
});
const chunkRow = z.object({
  bot_id: z.uuid(),
  document_id: z.uuid(),
  title: z.string(),
  position: z.number(),
  heading: z.string(),
  content: z.string(),
  token_count: z.number(),
  page: z.number().nullable(),
});
const bigintOrNull = z.union([z.null(), z.coerce.number()]);
const ruleRow = z.object({
  plan_id: z.uuid(),
  name: z.string(),
  member_type: z.string().nullable(),
  kind: z.string(),
  rate_percent: z.string().nullable(),
  flat_amount_minor: bigintOrNull,
  quota_minor: bigintOrNull,
  tiers: z.array(z.record(z.string(), z.unknown())).nullable(),
  accelerator_multiplier: z.string().nullable(),
  cap_per_period_minor: bigintOrNull,
  currency: z.string().nullable(),
  position: z.number(),
  personal: z.boolean(),
});

/** The ids of a project's workflows, bots and agents (not archived, not in the trash). */
export async function projectSelection(
  tx: Tx,
  organizationId: string,
  projectId: string,
): Promise<Omit<Selection, "commission_plans">> {
  const [project] =
    await tx`select id from public.projects where id = ${projectId} and organization_id = ${organizationId}`;
  if (!project) throw new AppError("not_found", "This project does not exist or was deleted.");
  const rows = await tx`
    select 'workflows' as kind, id from public.workflows
      where organization_id = ${organizationId} and project_id = ${projectId} and deleted_at is null
    union all
    select 'bots', id from public.bots where organization_id = ${organizationId} and project_id = ${projectId}
    union all
    select 'agents', id from public.agents where organization_id = ${organizationId} and project_id = ${projectId}`;
  const parsed = z
    .array(z.object({ kind: z.enum(["workflows", "bots", "agents"]), id: z.uuid() }))
    .parse(rows);
  const of = (k: string) => parsed.filter((r) => r.kind === k).map((r) => r.id);
  return { workflows: of("workflows"), bots: of("bots"), agents: of("agents") };
}

export async function snapshotItems(tx: Tx, organizationId: string, s: Selection) {
  const missing = (kind: string, want: string[], got: { id: string }[]) => {
    if (got.length !== new Set(want).size)
      throw new AppError("not_found", `Some of the chosen ${kind} do not exist or are not yours to read.`);
  };
  const workflows = z.array(workflowRow).parse(
    await tx`select id, name, description, definition from public.workflows
             where organization_id = ${organizationId} and id = any(${s.workflows}::uuid[]) and deleted_at is null
             order by name, id`,
  );
  missing("workflows", s.workflows, workflows);
  const agents = z.array(agentRow).parse(
    await tx`select id, name, description, instructions, model, provider, temperature, output_schema, tools
             from public.agents where organization_id = ${organizationId} and id = any(${s.agents}::uuid[])
             order by name, id`,
  );
  missing("agents", s.agents, agents);
  const bots = z.array(botRow).parse(
    await tx`select b.id, b.name, b.description, b.persona, b.greeting, b.fallback_message, b.model_settings,
                    b.language, f.definition as flow
             from public.bots b left join public.chatbot_workflows f on f.bot_id = b.id
             where b.organization_id = ${organizationId} and b.id = any(${s.bots}::uuid[]) order by b.name, b.id`,
  );
  missing("chatbots", s.bots, bots);
  const chunks = z.array(chunkRow).parse(
    await tx`select c.bot_id, c.document_id, d.title, c.position, c.heading, c.content, c.token_count, c.page
             from public.document_chunks c join public.documents d on d.id = c.document_id
             where c.organization_id = ${organizationId} and c.bot_id = any(${s.bots}::uuid[]) and d.status = 'ready'
             order by d.title, d.id, c.position`,
  );
  const plans = z.array(z.object({ id: z.uuid(), name: z.string(), description: z.string() })).parse(
    await tx`select id, name, description from public.commission_plans
             where organization_id = ${organizationId} and id = any(${s.commission_plans}::uuid[]) order by name, id`,
  );
  missing("commission plans", s.commission_plans, plans);
  const rules = z.array(ruleRow).parse(
    await tx`select plan_id, name, member_type, kind, rate_percent::text, flat_amount_minor, quota_minor, tiers,
                    accelerator_multiplier::text, cap_per_period_minor, currency, position,
                    (team_member_id is not null or splits is not null) as personal
             from public.commission_rules
             where organization_id = ${organizationId} and plan_id = any(${s.commission_plans}::uuid[])
             order by position, name`,
  );
  return {
    workflows: workflows.map(
      (w) =>
        ({
          key: `workflow:${w.id}`,
          name: w.name,
          description: w.description,
          definition: w.definition,
        }) as WorkflowItem,
    ),
    agents: agents.map(({ id, ...a }) => ({ key: `agent:${id}`, ...a }) as AgentItem),
    bots: bots.map(
      ({ id, flow, ...b }) =>
        ({ key: `bot:${id}`, ...b, flow, documents: documentsOf(id, chunks) }) as BotItem,
    ),
    commission_plans: plans.map(
      (p) =>
        ({
          key: `commission_plan:${p.id}`,
          name: p.name,
          description: p.description,
          rules: rules
            .filter((r) => r.plan_id === p.id && !r.personal)
            .map(({ plan_id: _p, personal: _x, ...r }) => r),
        }) as CommissionPlanItem,
    ),
    leftOutRules: rules.filter((r) => r.personal).length,
  };
}

function documentsOf(botId: string, chunks: z.infer<typeof chunkRow>[]): BotItem["documents"] {
  const docs = new Map<string, BotItem["documents"][number]>();
  for (const c of chunks) {
    if (c.bot_id !== botId) continue;
    let d = docs.get(c.document_id);
    if (!d) docs.set(c.document_id, (d = { title: c.title, chunks: [] }));
    d.chunks.push({
      position: c.position,
      heading: c.heading,
      content: c.content,
      token_count: c.token_count,
      page: c.page,
    });
  }
  return [...docs.values()];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses a blueprint whose items point at items of the publisher left out of it (a workflow step's
 * agent, an agent's knowledge or workflow): installed elsewhere, such a reference would point at
 * nothing. Every uuid in the items' content is looked up among the publisher's own items.
 */
export async function checkReferences(
  tx: Tx,
  organizationId: string,
  content: unknown,
  included: Set<string>,
) {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (UUID.test(v) && !included.has(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(content);
  if (!found.size) return;
  const ids = [...found];
  const rows = await tx`
    select 'workflow' as kind, name from public.workflows where organization_id = ${organizationId} and id = any(${ids}::uuid[])
    union all select 'chatbot', name from public.bots where organization_id = ${organizationId} and id = any(${ids}::uuid[])
    union all select 'agent', name from public.agents where organization_id = ${organizationId} and id = any(${ids}::uuid[])
    limit 5`;
  const outside = z.array(z.object({ kind: z.string(), name: z.string() })).parse(rows);
  if (outside.length)
    throw new AppError(
      "validation_failed",
      `Some items use ${outside.map((o) => `the ${o.kind} "${o.name}"`).join(", ")}, which ${outside.length === 1 ? "is" : "are"} not in the blueprint. Add ${outside.length === 1 ? "it" : "them"} to the project first.`,
    );
}
