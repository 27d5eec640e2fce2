import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";

/** Reads the commissions pages share, each in the caller's transaction (RLS decides). */

const teamMemberSchema = z.object({ id: z.string(), full_name: z.string() });
export type TeamMemberName = z.infer<typeof teamMemberSchema>;

/** The organization's team members by name (at most 500); `activeOnly` for picking a sale's rep. */
export async function teamMembersByName(
  tx: Tx,
  organizationId: string,
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Promise<TeamMemberName[]> {
  const rows = await tx`
    select id, full_name from public.team_members
    where organization_id = ${organizationId} ${activeOnly ? tx`and status = 'active'` : tx``}
    order by lower(full_name) limit 500`;
  return z.array(teamMemberSchema).parse(rows);
}

/** The same, as the `{ id, name }` options the rule and sale forms offer. */
export async function teamMemberOptions(
  tx: Tx,
  organizationId: string,
  options: { activeOnly?: boolean } = {},
): Promise<{ id: string; name: string }[]> {
  return (await teamMembersByName(tx, organizationId, options)).map((m) => ({ id: m.id, name: m.full_name }));
}

const pendingTotalSchema = z.object({ currency: z.string(), n: z.number().int(), total: z.string() });

/** Commissions waiting for approval, per currency: how many and their sum (minor units, as text). */
export async function pendingApprovalTotals(
  tx: Tx,
  organizationId: string,
): Promise<z.infer<typeof pendingTotalSchema>[]> {
  const rows = await tx`
    select currency, count(*)::int as n, sum(amount_minor)::text as total from public.commission_calculations
    where organization_id = ${organizationId} and status = 'pending' group by currency order by currency`;
  return z.array(pendingTotalSchema).parse(rows);
}

/** The ids of the team members that are this user in the organization (their own payouts). */
export async function teamMemberIdsOfUser(tx: Tx, organizationId: string, userId: string): Promise<string[]> {
  const rows = await tx`
    select id from public.team_members where organization_id = ${organizationId} and user_id = ${userId}`;
  return z
    .array(z.object({ id: z.string() }))
    .parse(rows)
    .map((r) => r.id);
}
