import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { organizationColumns, organizationRowSchema, type Organization } from "./schema";

export const membershipSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  role: z.enum(["owner", "administrator", "sales", "bot_trainer", "viewer"]),
});
export type Membership = z.infer<typeof membershipSchema>;

/** The organizations the user is an active member of, for the switcher, by name. */
export async function listMyOrganizations(tx: Tx, userId: string): Promise<Membership[]> {
  const rows = await tx`
      select o.id, o.name, o.slug, m.role
      from organization_members m join organizations o on o.id = m.organization_id
      where m.user_id = ${userId} and m.status = 'active'
      order by lower(o.name)`;
  return z.array(membershipSchema).parse(rows);
}

/** Where `/dashboard` sends the user: the organization used last, else their first one. */
export async function defaultOrganizationSlug(tx: Tx, userId: string): Promise<string | null> {
  const [row] = await tx`
      select o.slug
      from organization_members m
      join organizations o on o.id = m.organization_id
      left join user_settings s on s.user_id = m.user_id and s.organization_id is null
      where m.user_id = ${userId} and m.status = 'active'
      order by (o.id = s.last_organization_id) desc nulls last, m.joined_at
      limit 1`;
  return row ? z.object({ slug: z.string() }).parse(row).slug : null;
}

export async function rememberLastOrganization(
  tx: Tx,
  organizationId: string,
  userId: string,
): Promise<void> {
  await tx`
      insert into user_settings (user_id, organization_id, last_organization_id)
      values (${userId}, null, ${organizationId})
      on conflict (user_id, organization_id) do update set last_organization_id = excluded.last_organization_id
      where user_settings.last_organization_id is distinct from excluded.last_organization_id`;
}

/** A new organization with the signed-in user (auth.uid()) as its owner. */
export async function createOrganization(
  tx: Tx,
  input: { name: string; slug?: string | null },
): Promise<Organization> {
  const [row] =
    await tx`select ${tx(organizationColumns as unknown as string[])} from create_organization(${input.name}, ${input.slug ?? null})`;
  return organizationRowSchema.parse(row);
}

export async function updateOrganization(
  tx: Tx,
  organizationId: string,
  input: { name: string; slug: string; settings?: Record<string, unknown> },
): Promise<Organization> {
  const changes: Record<string, unknown> = { name: input.name, slug: input.slug };
  if (input.settings) changes.settings = input.settings;
  const [taken] = await tx`select private.slug_taken(${input.slug}, ${organizationId}) as taken`;
  if (taken?.taken) throw new AppError("conflict", `The URL name "${input.slug}" is taken. Try another.`);
  const [row] =
    await tx`update organizations set ${tx(changes as Record<string, string>)} where id = ${organizationId}
                         returning ${tx(organizationColumns as unknown as string[])}`;
  if (!row) throw new AppError("forbidden", "You cannot change this organization's settings.");
  return organizationRowSchema.parse(row);
}

export async function deleteOrganization(tx: Tx, organizationId: string): Promise<void> {
  const rows = await tx`delete from organizations where id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("forbidden", "Only an owner can delete the organization.");
}
