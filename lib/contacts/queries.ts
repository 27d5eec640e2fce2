import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { contactRowSchema, type Contact, type ContactFilters } from "./schemas";

/** Reads of an organization's contacts, each in the caller's transaction (RLS decides). */

const COLUMNS = `id, first_name, last_name, email::text as email, phone, company_name, tags, source,
  ghl_contact_id, merged_contact_ids, created_at, updated_at`;

/** `%text%` for LIKE, with the user's own `%`, `_` and `\` taken literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterClause(tx: Tx, organizationId: string, f: ContactFilters) {
  return tx`
    organization_id = ${organizationId}
    ${f.query ? tx`and id in (select private.contact_search_ids(${organizationId}, ${likePattern(f.query)}))` : tx``}
    ${f.tag ? tx`and tags @> array[${f.tag}]::text[]` : tx``}
    ${f.source ? tx`and source = ${f.source}` : tx``}
    ${f.from ? tx`and created_at >= ${f.from}::date` : tx``}
    ${f.to ? tx`and created_at < ${f.to}::date + 1` : tx``}`;
}

export async function listContacts(
  tx: Tx,
  organizationId: string,
  params: ContactFilters & { limit: number; offset: number },
): Promise<{ rows: Contact[]; total: number }> {
  const where = filterClause(tx, organizationId, params);
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(COLUMNS)} from public.contacts where ${where}
       order by created_at desc, id desc limit ${params.limit} offset ${params.offset}`,
    tx<{ total: number }[]>`select count(*)::int as total from public.contacts where ${where}`,
  ]);
  return { rows: z.array(contactRowSchema).parse(rows), total: count?.total ?? 0 };
}

/** Every row the filters match, oldest first, for the CSV export (at most `max`). */
export async function exportContacts(
  tx: Tx,
  organizationId: string,
  filters: ContactFilters,
  max: number,
): Promise<Contact[]> {
  const rows = await tx`select ${tx.unsafe(COLUMNS)} from public.contacts
    where ${filterClause(tx, organizationId, filters)} order by created_at, id limit ${max}`;
  return z.array(contactRowSchema).parse(rows);
}

export async function getContact(tx: Tx, organizationId: string, id: string): Promise<Contact | null> {
  const [row] = await tx`select ${tx.unsafe(COLUMNS)} from public.contacts
    where organization_id = ${organizationId} and id = ${id}`;
  return row ? contactRowSchema.parse(row) : null;
}

/** The organization's tags, most used first, for the filter. */
export async function contactTags(tx: Tx, organizationId: string, limit = 200): Promise<string[]> {
  const rows = await tx<{ tag: string }[]>`
    select t as tag from public.contacts, unnest(tags) as t
    where organization_id = ${organizationId}
    group by t order by count(*) desc, t limit ${limit}`;
  return rows.map((r) => r.tag);
}

/**
 * Other contacts that look like the same person: the same email's local part, the same phone
 * digits, or the same full name. Candidates for "merge into this contact".
 */
export async function duplicateCandidates(tx: Tx, organizationId: string, contact: Contact, limit = 10) {
  const digits = (contact.phone ?? "").replace(/\D/g, "");
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(" ").trim().toLowerCase();
  const local = contact.email?.split("@")[0]?.toLowerCase() ?? "";
  const rows = await tx`select ${tx.unsafe(COLUMNS)} from public.contacts
    where organization_id = ${organizationId} and id <> ${contact.id}
      and ((${digits.length >= 6} and regexp_replace(coalesce(phone, ''), '\\D', '', 'g') = ${digits})
        or (${name !== ""} and lower(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) = ${name})
        or (${local.length >= 3} and split_part(lower(email::text), '@', 1) = ${local}))
    order by created_at limit ${limit}`;
  return z.array(contactRowSchema).parse(rows);
}

const conversationSchema = z.object({
  id: z.uuid(),
  bot_id: z.uuid(),
  bot_name: z.string(),
  status: z.string(),
  message_count: z.number(),
  started_at: z.date(),
  last_message_at: z.date(),
});
const saleSchema = z.object({
  id: z.uuid(),
  external_id: z.string(),
  amount_minor: z.string(),
  currency: z.string(),
  paid_at: z.date(),
  status: z.string(),
});
const runSchema = z.object({
  id: z.uuid(),
  workflow_name: z.string(),
  status: z.string(),
  trigger_type: z.string(),
  created_at: z.date(),
});

/**
 * What links to a contact: its conversations, sales and workflow runs (the runs started for it, or
 * for a contact merged into it). Each list only when the member may read that resource.
 */
export async function contactActivity(
  tx: Tx,
  organizationId: string,
  contact: Pick<Contact, "id" | "merged_contact_ids">,
  may: { conversations: boolean; sales: boolean; runs: boolean },
  limit = 20,
) {
  const ids = [contact.id, ...contact.merged_contact_ids];
  const [conversations, sales, runs] = await Promise.all([
    may.conversations
      ? tx`select s.id, s.bot_id, b.name as bot_name, s.status, s.message_count, s.started_at, s.last_message_at
           from public.conversation_sessions s join public.bots b on b.id = s.bot_id
           where s.organization_id = ${organizationId} and s.contact_id = ${contact.id}
           order by s.last_message_at desc limit ${limit}`
      : [],
    may.sales
      ? tx`select id, external_id, amount_minor::text, currency, paid_at, status
           from public.sales_transactions
           where organization_id = ${organizationId} and contact_id = ${contact.id}
           order by paid_at desc limit ${limit}`
      : [],
    may.runs
      ? tx`select e.id, w.name as workflow_name, e.status, e.trigger_type, e.created_at
           from public.executions e join public.workflows w on w.id = e.workflow_id
           where e.organization_id = ${organizationId} and e.trigger_input ? 'contact'
             and (e.trigger_input #>> '{contact,id}') = any(${ids}::text[])
           order by e.created_at desc limit ${limit}`
      : [],
  ]);
  return {
    conversations: z.array(conversationSchema).parse(conversations),
    sales: z.array(saleSchema).parse(sales),
    runs: z.array(runSchema).parse(runs),
  };
}
