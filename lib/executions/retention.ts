import type { CronItem, TaskList } from "graphile-worker";
import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";

/**
 * Run history retention. Each plan keeps finished runs for its default number of days
 * (subscription_plans.run_retention_days) and lets an organization choose up to its maximum
 * (max_run_retention_days; null: for good); the organization's choice (settings.run_retention_days,
 * on its settings page) counts within that. SQL's public.effective_run_retention_days works out the
 * days for the settings page and for the scheduled job, which deletes what is older in batches of
 * a thousand runs, each its own short transaction that skips rows another transaction holds, so
 * pruning never stalls the engine.
 */

const PRUNE_TASK = "prune_run_history";
const BATCH = 1000;
/** At most this many batches per tick; the next tick carries on. */
const MAX_BATCHES = 50;

const deletedSchema = z.array(z.object({ deleted: z.number().int() }));

export async function pruneRunHistory(db?: Sql): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const rows = await withServiceRoleBypassingRls(
      (tx) => tx`select private.prune_run_history(${BATCH}) as deleted`,
      db,
    );
    const deleted = deletedSchema.parse(rows)[0]?.deleted ?? 0;
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}

export const runRetentionSchema = z.object({
  plan_name: z.string().nullable(),
  /** The plan's default, in days (null: kept for good). */
  plan_default_days: z.number().int().nullable(),
  /** The longest the organization may choose (null: it may keep runs for good). */
  plan_max_days: z.number().int().nullable(),
  /** The organization's own choice; null: the plan's default. */
  choice: z
    .union([z.number().int(), z.literal("forever")])
    .nullable()
    .catch(null),
  /** What the pruning job keeps: days, or null for good. */
  effective_days: z.number().int().nullable(),
});
export type RunRetention = z.infer<typeof runRetentionSchema>;

/** The organization's retention as the pruning job applies it, with its plan's default and maximum. */
export async function readRunRetention(tx: Tx, organizationId: string): Promise<RunRetention | null> {
  const rows = await tx`
    select p.name as plan_name, p.run_retention_days as plan_default_days,
           p.max_run_retention_days as plan_max_days, o.settings -> 'run_retention_days' as choice,
           public.effective_run_retention_days(o.settings -> 'run_retention_days',
                                               p.run_retention_days, p.max_run_retention_days) as effective_days
    from public.organizations o
    left join public.subscription_plans p on p.id = o.subscription_plan
    where o.id = ${organizationId}`;
  return z.array(runRetentionSchema).parse(rows)[0] ?? null;
}

export const retentionTasks: TaskList = {
  [PRUNE_TASK]: async () => void (await pruneRunHistory()),
};

export const retentionCronItems: CronItem[] = [
  { task: PRUNE_TASK, match: "17 * * * *", identifier: PRUNE_TASK },
];
