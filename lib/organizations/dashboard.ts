import "server-only";
import type { Tx } from "@/lib/db/client";
import { readOnboardingProgress, type OnboardingProgress } from "./onboarding";

export type DashboardCounts = {
  members: number;
  teamMembers: number;
  workflows: number;
  bots: number;
  executionsThisMonth: number;
  commissionsPending: number;
};

/**
 * Counts for the organization dashboard. Features that have not shipped yet count zero: their
 * tables are looked up in the catalog so this query keeps working as migrations add them.
 */
async function readDashboardCounts(tx: Tx, organizationId: string): Promise<DashboardCounts> {
  const [base] = await tx`
      select (select count(*) from organization_members where organization_id = ${organizationId} and status = 'active')::int as members,
             (select count(*) from team_members where organization_id = ${organizationId})::int as team_members,
             (select executions_this_month from organizations where id = ${organizationId}) as executions`;
  const present = new Set(
    (
      await tx`select relname from pg_class where relnamespace = 'public'::regnamespace
                and relname in ('workflows', 'bots', 'commission_calculations')`
    ).map((r) => r.relname as string),
  );
  const countIn = async (table: string, extra = "") =>
    present.has(table)
      ? Number(
          (
            await tx.unsafe(
              `select count(*)::int as n from public.${table} where organization_id = $1 ${extra}`,
              [organizationId],
            )
          )[0]?.n ?? 0,
        )
      : 0;
  return {
    members: base?.members ?? 0,
    teamMembers: base?.team_members ?? 0,
    executionsThisMonth: base?.executions ?? 0,
    workflows: await countIn("workflows"),
    bots: await countIn("bots"),
    commissionsPending: await countIn("commission_calculations", "and status = 'pending'"),
  };
}

/**
 * Everything the dashboard shows, read in one transaction: the counts, and the getting-started
 * checklist for members who run the organization (the others could not do its steps anyway).
 */
export async function getDashboard(
  tx: Tx,
  organizationId: string,
  options: { onboarding: boolean; userId: string },
): Promise<{ counts: DashboardCounts; onboarding: OnboardingProgress | null }> {
  return {
    counts: await readDashboardCounts(tx, organizationId),
    onboarding: options.onboarding ? await readOnboardingProgress(tx, organizationId, options.userId) : null,
  };
}
