import { z } from "zod";
import type { Tx } from "@/lib/db/client";

/**
 * Creates or updates an organization's contact, found by its GoHighLevel id first, then by email.
 * Shared by GHL contact sync and the chatbots' "collect lead" step. Runs in the caller's
 * transaction (as a user under RLS, or on the service-role path for webhooks); when `created` is
 * true a service-path caller queues `contact.created` in that transaction
 * (lib/engine/app-events.ts), so workflows hear of the contact exactly when it is committed.
 */

export const contactInputSchema = z.object({
  ghlContactId: z.string().trim().min(1).max(255).nullish(),
  firstName: z.string().trim().max(200).nullish(),
  lastName: z.string().trim().max(200).nullish(),
  email: z.email().max(320).nullish(),
  phone: z.string().trim().min(3).max(40).nullish(),
  companyName: z.string().trim().max(200).nullish(),
  /** Added to the contact's tags (never removes one). */
  tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  source: z.enum(["ghl", "chatbot", "manual", "csv", "api"]),
  assignedTeamMemberId: z.uuid().nullish(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type ContactInput = z.input<typeof contactInputSchema>;

export type ContactRow = {
  id: string;
  organization_id: string;
  ghl_contact_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  tags: string[];
  source: string;
  assigned_team_member_id: string | null;
};

export async function upsertContact(
  tx: Tx,
  organizationId: string,
  input: ContactInput,
): Promise<{ contact: ContactRow; created: boolean }> {
  const c = contactInputSchema.parse(input);
  const [existing] = await tx<{ id: string }[]>`
    select id from public.contacts
    where organization_id = ${organizationId}
      and ((${c.ghlContactId ?? null}::text is not null and ghl_contact_id = ${c.ghlContactId ?? null})
        or (${c.email ?? null}::text is not null and email = ${c.email ?? null}))
    order by (ghl_contact_id = ${c.ghlContactId ?? null}) desc nulls last
    limit 1
    for update`;
  const fields = {
    ghl_contact_id: c.ghlContactId ?? null,
    first_name: c.firstName ?? null,
    last_name: c.lastName ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    company_name: c.companyName ?? null,
    assigned_team_member_id: c.assignedTeamMemberId ?? null,
  };
  if (existing) {
    // Only what the input says overwrites: a chatbot lead that gives a phone keeps the GHL name.
    const [contact] = await tx<ContactRow[]>`
      update public.contacts set
        ghl_contact_id = coalesce(${fields.ghl_contact_id}, ghl_contact_id),
        first_name = coalesce(${fields.first_name}, first_name),
        last_name = coalesce(${fields.last_name}, last_name),
        email = coalesce(${fields.email}, email),
        phone = coalesce(${fields.phone}, phone),
        company_name = coalesce(${fields.company_name}, company_name),
        assigned_team_member_id = coalesce(${fields.assigned_team_member_id}::uuid, assigned_team_member_id),
        tags = array(select distinct t from unnest(tags || ${c.tags ?? []}::text[]) as t order by t),
        custom_fields = custom_fields || ${tx.json((c.customFields ?? {}) as never)}::jsonb
      where id = ${existing.id}
      returning *`;
    return { contact: contact!, created: false };
  }
  // Two sessions collecting the same new email at once: the unique index settles it, and the
  // loser updates the winner's row.
  const [contact] = await tx<(ContactRow & { inserted: boolean })[]>`
    insert into public.contacts ${tx({
      organization_id: organizationId,
      ...fields,
      tags: [...new Set(c.tags ?? [])].sort(),
      source: c.source,
      custom_fields: tx.json((c.customFields ?? {}) as never) as never,
    })}
    on conflict (organization_id, email) where email is not null do update set
      first_name = coalesce(excluded.first_name, contacts.first_name),
      last_name = coalesce(excluded.last_name, contacts.last_name),
      phone = coalesce(excluded.phone, contacts.phone),
      tags = array(select distinct t from unnest(contacts.tags || excluded.tags) as t order by t)
    returning *, (xmax = 0) as inserted`;
  const { inserted, ...row } = contact!;
  return { contact: row, created: inserted };
}
