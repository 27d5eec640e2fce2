import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { asServiceRoleBypassingRls } from "@/lib/db/service-role";
import { AppError, toAppError } from "@/lib/errors";
import { moveToTrash } from "@/lib/trash/trash";
import type {
  AgentItem,
  BotItem,
  CommissionPlanItem,
  ItemKind,
  ManifestItem,
  WorkflowItem,
} from "./manifest";
import { KIND_LABELS } from "./schemas";

/**
 * Creating, changing and removing the items a blueprint installs, in the member's transaction:
 * each table's own RLS (workflows:create, bots:create, …) and plan limits apply. Knowledge arrives
 * chunked as published (ready to answer, no processing job); chunks go in batches of 500.
 */

const idRow = z.object({ id: z.uuid() });
const json = (tx: Tx, v: unknown) => tx.json(v as never);

/** A refusal by RLS names what the member may not create, not a generic "permission". */
async function as<T>(kind: ItemKind, verb: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const error = toAppError(e);
    if (error.code === "forbidden")
      throw new AppError(
        "forbidden",
        `You may not ${verb} ${KIND_LABELS[kind].toLowerCase()}s in this organization.`,
      );
    throw e instanceof AppError || error.code !== "internal" ? error : e;
  }
}

export async function createItem(
  tx: Tx,
  organizationId: string,
  item: ManifestItem,
  kind: ItemKind,
): Promise<string> {
  return as(kind, "create", async () => {
    switch (kind) {
      case "workflow": {
        const w = item as WorkflowItem;
        const [row] = await tx`
          insert into public.workflows (organization_id, name, description, definition)
          values (${organizationId}, ${w.name}, ${w.description}, ${json(tx, w.definition)}) returning id`;
        return idRow.parse(row).id;
      }
      case "agent": {
        const a = item as AgentItem;
        const [row] = await tx`
          insert into public.agents (organization_id, name, description, instructions, model, provider, temperature,
                                     output_schema, tools)
          values (${organizationId}, ${a.name}, ${a.description}, ${a.instructions}, ${a.model}, ${a.provider},
                  ${a.temperature}, ${a.output_schema === null ? null : json(tx, a.output_schema)}, ${json(tx, a.tools)})
          returning id`;
        return idRow.parse(row).id;
      }
      case "bot": {
        const b = item as BotItem;
        const [row] = await tx`
          insert into public.bots (organization_id, name, description, persona, greeting, fallback_message,
                                   model_settings, language)
          values (${organizationId}, ${b.name}, ${b.description}, ${b.persona}, ${b.greeting}, ${b.fallback_message},
                  ${json(tx, b.model_settings)}, ${b.language})
          returning id`;
        const id = idRow.parse(row).id;
        // Published as installed: the bot answers with the blueprint's flow from the start.
        await tx`insert into public.chatbot_workflows (organization_id, bot_id, definition, published_definition, published_at)
                 values (${organizationId}, ${id}, ${json(tx, b.flow)}, ${json(tx, b.flow)}, now())`;
        await insertDocuments(tx, organizationId, id, b.documents);
        return id;
      }
      case "commission_plan": {
        const p = item as CommissionPlanItem;
        const [row] = await tx`
          insert into public.commission_plans (organization_id, name, description)
          values (${organizationId}, ${p.name}, ${p.description}) returning id`;
        const id = idRow.parse(row).id;
        await insertRules(tx, organizationId, id, p.rules);
        return id;
      }
    }
  });
}

async function insertDocuments(
  tx: Tx,
  organizationId: string,
  botId: string,
  documents: BotItem["documents"],
) {
  for (const d of documents) {
    const size = d.chunks.reduce((n, c) => n + Buffer.byteLength(c.content), 0);
    const [doc] = await tx`
      insert into public.documents (organization_id, bot_id, title, source, mime_type, status, progress,
                                    size_bytes, chunk_count, processed_at)
      values (${organizationId}, ${botId}, ${d.title}, 'text', 'text/plain', 'ready', 100, ${size},
              ${d.chunks.length}, now())
      returning id`;
    const documentId = idRow.parse(doc).id;
    for (let i = 0; i < d.chunks.length; i += 500) {
      const rows = d.chunks.slice(i, i + 500).map((c) => ({
        organization_id: organizationId,
        bot_id: botId,
        document_id: documentId,
        position: c.position,
        heading: c.heading,
        content: c.content,
        token_count: c.token_count,
        page: c.page,
      }));
      // Chunks are written by the system (document processing does it as the service role): the
      // member made this bot and its document under RLS just before, in this transaction.
      await asServiceRoleBypassingRls(tx, () => tx`insert into public.document_chunks ${tx(rows)}`);
    }
  }
}

async function insertRules(
  tx: Tx,
  organizationId: string,
  planId: string,
  rules: CommissionPlanItem["rules"],
) {
  if (!rules.length) return;
  const rows = rules.map((r) => ({
    organization_id: organizationId,
    plan_id: planId,
    name: r.name,
    member_type: r.member_type,
    kind: r.kind,
    rate_percent: r.rate_percent,
    flat_amount_minor: r.flat_amount_minor,
    quota_minor: r.quota_minor,
    tiers: r.tiers === null ? null : json(tx, r.tiers),
    accelerator_multiplier: r.accelerator_multiplier,
    cap_per_period_minor: r.cap_per_period_minor,
    currency: r.currency,
    position: r.position,
  }));
  await tx`insert into public.commission_rules ${tx(rows as never)}`;
}

/** Puts the new version's content in place of the item's (only ever called on unedited items). */
export async function updateItem(
  tx: Tx,
  organizationId: string,
  id: string,
  item: ManifestItem,
  kind: ItemKind,
): Promise<void> {
  await as(kind, "change", async () => {
    switch (kind) {
      case "workflow": {
        const w = item as WorkflowItem;
        await tx`update public.workflows set name = ${w.name}, description = ${w.description},
                   definition = ${json(tx, w.definition)}
                 where id = ${id} and organization_id = ${organizationId}`;
        return;
      }
      case "agent": {
        const a = item as AgentItem;
        await tx`update public.agents set name = ${a.name}, description = ${a.description},
                   instructions = ${a.instructions}, model = ${a.model}, provider = ${a.provider},
                   temperature = ${a.temperature},
                   output_schema = ${a.output_schema === null ? null : json(tx, a.output_schema)},
                   tools = ${json(tx, a.tools)}
                 where id = ${id} and organization_id = ${organizationId}`;
        return;
      }
      case "bot": {
        const b = item as BotItem;
        await tx`update public.bots set name = ${b.name}, description = ${b.description}, persona = ${b.persona},
                   greeting = ${b.greeting}, fallback_message = ${b.fallback_message},
                   model_settings = ${json(tx, b.model_settings)}, language = ${b.language}
                 where id = ${id} and organization_id = ${organizationId}`;
        await tx`update public.chatbot_workflows
                 set definition = ${json(tx, b.flow)}, published_definition = ${json(tx, b.flow)}, published_at = now()
                 where bot_id = ${id} and organization_id = ${organizationId}`;
        await tx`delete from public.documents where bot_id = ${id} and organization_id = ${organizationId}`;
        await insertDocuments(tx, organizationId, id, b.documents);
        return;
      }
      case "commission_plan": {
        const p = item as CommissionPlanItem;
        await tx`update public.commission_plans set name = ${p.name}, description = ${p.description}
                 where id = ${id} and organization_id = ${organizationId}`;
        await tx`delete from public.commission_rules where plan_id = ${id} and organization_id = ${organizationId}`;
        await insertRules(tx, organizationId, id, p.rules);
        return;
      }
    }
  });
}

/** Workflows go to the trash (30 days, runs kept) as when deleted by hand; the rest are deleted. */
export async function removeItem(tx: Tx, organizationId: string, id: string, kind: ItemKind): Promise<void> {
  await as(kind, "delete", async () => {
    if (kind === "workflow") {
      await moveToTrash(tx, organizationId, { kind: "workflow", id }).catch((e: unknown) => {
        if (!(e instanceof AppError && e.code === "not_found")) throw e;
      });
      return;
    }
    const table = { agent: "agents", bot: "bots", commission_plan: "commission_plans" }[kind];
    await tx`delete from ${tx("public." + table)} where id = ${id} and organization_id = ${organizationId}`;
  });
}

const hashRow = z.object({ item_id: z.uuid(), content_hash: z.string() });

/** The content hash of each item as it is now; an item gone (or out of reach) has none. */
export async function currentHashes(
  tx: Tx,
  organizationId: string,
  items: readonly { kind: ItemKind; item_id: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byKind = new Map<ItemKind, string[]>();
  for (const i of items) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i.item_id]);
  for (const [kind, ids] of byKind) {
    const rows =
      await tx`select item_id, content_hash from public.blueprint_item_hashes(${organizationId}, ${kind}, ${ids}::uuid[])`;
    for (const r of z.array(hashRow).parse(rows)) out.set(r.item_id, r.content_hash);
  }
  return out;
}
