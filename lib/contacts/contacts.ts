import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { upsertContact } from "./upsert";
import {
  contactFieldsSchema,
  IMPORT_FIELDS,
  type ContactFields,
  type ImportBatchResult,
  type ImportRow,
} from "./schemas";

/**
 * Writes of an organization's contacts, each in the caller's transaction as the member (RLS and
 * the permission matrix decide; the audit trigger records every row changed).
 */

async function refuseTakenEmail(tx: Tx, organizationId: string, email: string | null, exceptId?: string) {
  if (!email) return;
  const [taken] = await tx<{ id: string }[]>`
    select id from public.contacts
    where organization_id = ${organizationId} and email = ${email} and id is distinct from ${exceptId ?? null}::uuid`;
  if (taken)
    throw new AppError("conflict", "Another contact already has this email. Merge the two instead.", {
      email: ["Another contact already has this email."],
    });
}

export async function createContact(
  tx: Tx,
  organizationId: string,
  fields: ContactFields,
  source: "manual" | "api" = "manual",
): Promise<string> {
  await refuseTakenEmail(tx, organizationId, fields.email);
  const [row] = await tx<{ id: string }[]>`
    insert into public.contacts ${tx({ organization_id: organizationId, ...fields, source })}
    returning id`;
  return row!.id;
}

export async function updateContact(
  tx: Tx,
  organizationId: string,
  id: string,
  fields: ContactFields,
): Promise<void> {
  await refuseTakenEmail(tx, organizationId, fields.email, id);
  const rows = await tx`
    update public.contacts set ${tx(fields, "first_name", "last_name", "email", "phone", "company_name", "tags")}
    where organization_id = ${organizationId} and id = ${id}
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "This contact does not exist or was deleted.");
}

export async function deleteContact(tx: Tx, organizationId: string, id: string): Promise<void> {
  const rows = await tx`
    delete from public.contacts where organization_id = ${organizationId} and id = ${id} returning id`;
  if (rows.length === 0) throw new AppError("not_found", "This contact does not exist or was deleted.");
}

/** Merges the duplicates into the primary in this transaction (see public.merge_contacts). */
export async function mergeContacts(
  tx: Tx,
  organizationId: string,
  params: { primaryId: string; duplicateIds: string[] },
): Promise<string> {
  // Two different GoHighLevel contacts are two people there: merged here, one GHL id would be
  // dropped and its next webhook would make a new contact. Merge them in GoHighLevel first.
  const [ghl] = await tx<{ ids: number }[]>`
    select count(distinct ghl_contact_id)::int as ids from public.contacts
    where organization_id = ${organizationId}
      and id = any(${[params.primaryId, ...params.duplicateIds]}::uuid[]) and ghl_contact_id is not null`;
  if ((ghl?.ids ?? 0) > 1)
    throw new AppError(
      "conflict",
      "These contacts are different contacts in GoHighLevel. Merge them there first; the merge comes here with its next sync.",
    );
  const [row] = await tx<{ id: string }[]>`
    select public.merge_contacts(${organizationId}, ${params.primaryId}, ${params.duplicateIds}::uuid[]) as id`;
  return row!.id;
}

/**
 * Imports one batch of mapped CSV rows. A row whose email matches a contact updates it (only the
 * columns the row fills; tags are added), any other row makes a new contact. Each row runs in a
 * savepoint, so one refused row costs no other; refused rows come back with their file line.
 */
export async function importContactRows(
  tx: Tx,
  organizationId: string,
  params: { rows: ImportRow[]; firstLine: number; tags: string[] },
): Promise<ImportBatchResult> {
  const result: ImportBatchResult = { created: 0, updated: 0, errors: [] };
  for (const [index, raw] of params.rows.entries()) {
    const line = params.firstLine + index;
    const parsed = contactFieldsSchema.safeParse(raw);
    if (!parsed.success) {
      result.errors.push({ row: line, messages: parsed.error.issues.map(rowMessage) });
      continue;
    }
    const c = parsed.data;
    try {
      const { created } = await tx.savepoint((sp) =>
        upsertContact(sp, organizationId, {
          firstName: c.first_name,
          lastName: c.last_name,
          email: c.email,
          phone: c.phone,
          companyName: c.company_name,
          tags: [...new Set([...c.tags, ...params.tags])].slice(0, 100),
          source: "csv",
        }),
      );
      if (created) result.created++;
      else result.updated++;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "42501")
        throw new AppError("forbidden", "You do not have permission to import contacts here.");
      result.errors.push({ row: line, messages: ["This row could not be saved. Check its values."] });
    }
  }
  return result;
}

/** A row's problem, naming its column ("Email: …"); a rule about the whole row stands alone. */
function rowMessage(issue: { code: string; path: PropertyKey[]; message: string }): string {
  const field = issue.path[0] as keyof typeof IMPORT_FIELDS | undefined;
  const label = field && field in IMPORT_FIELDS ? IMPORT_FIELDS[field] : null;
  return label && issue.code !== "custom" && !issue.message.startsWith(label)
    ? `${label}: ${issue.message}`
    : issue.message;
}
