import "server-only";
import { z } from "zod";
import { assignUnmappedSales, listUnmappedGhlUsers } from "@/lib/commissions/ingest";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * GHL user ids seen on sales that no team member carries yet, and mapping one to a team member:
 * the team member's external_id becomes the GHL user id (so later sales find them), and the sales
 * already recorded for that id are assigned and their commissions computed, in one transaction
 * as the member doing it (RLS: team_members:update and sales:update).
 */

export type UnmappedGhlUser = {
  ghlUserId: string;
  transactions: number;
  totalMinor: number;
  currency: string;
};

export async function unmappedGhlUsers(tx: Tx, organizationId: string): Promise<UnmappedGhlUser[]> {
  return listUnmappedGhlUsers(tx, organizationId);
}

export const mappableTeamMemberSchema = z.object({
  id: z.uuid(),
  full_name: z.string(),
  email: z.string().nullable(),
  external_id: z.string().nullable(),
});
export type MappableTeamMember = z.output<typeof mappableTeamMemberSchema>;

export async function mappableTeamMembers(tx: Tx, organizationId: string): Promise<MappableTeamMember[]> {
  const rows = await tx`select id, full_name, email::text as email, external_id from team_members
               where organization_id = ${organizationId} and status <> 'inactive'
               order by full_name, id limit 1000`;
  return z.array(mappableTeamMemberSchema).parse(rows);
}

const mappedMemberSchema = z.object({ id: z.uuid(), external_id: z.string().nullable() });

export async function mapGhlUser(
  tx: Tx,
  organizationId: string,
  input: { ghlUserId: string; teamMemberId: string },
): Promise<{ assigned: number; calculations: number }> {
  const [row] = await tx`
    select id, external_id from team_members where id = ${input.teamMemberId} and organization_id = ${organizationId}`;
  if (!row) throw new AppError("not_found", "That team member does not exist.");
  const member = mappedMemberSchema.parse(row);
  if (member.external_id && member.external_id !== input.ghlUserId) {
    throw new AppError(
      "conflict",
      `That team member is already mapped to GHL user ${member.external_id}; clear it on the team page first.`,
    );
  }
  const [taken] = await tx`
    select full_name from team_members
    where organization_id = ${organizationId} and external_id = ${input.ghlUserId} and id <> ${input.teamMemberId}`;
  if (taken)
    throw new AppError(
      "conflict",
      `GHL user ${input.ghlUserId} is already mapped to ${z.string().parse(taken.full_name)}.`,
    );
  const updated = await tx`
    update team_members set external_id = ${input.ghlUserId}
    where id = ${input.teamMemberId} and organization_id = ${organizationId} returning id`;
  if (updated.length === 0) throw new AppError("forbidden", "You may not change that team member.");
  const result = await assignUnmappedSales(tx, organizationId, input.ghlUserId, input.teamMemberId);
  return { assigned: result.assigned, calculations: result.calculationIds.length };
}
