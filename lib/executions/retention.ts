import type { CronItem, TaskList } from "graphile-worker";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";

/**
 * Run history past each organization's retention (settings.run_retention_days, chosen on its
 * settings page) is deleted by a scheduled job, in batches of a thousand runs, each its own short
 * transaction that skips rows another transaction holds, so pruning never stalls the engine.
 */

const PRUNE_TASK = "prune_run_history";
const BATCH = 1000;
/** At most this many batches per tick; the next tick carries on. */
const MAX_BATCHES = 50;

export async function pruneRunHistory(db?: Sql): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const [row] = await withServiceRoleBypassingRls(
      (tx) => tx<{ deleted: number }[]>`select private.prune_run_history(${BATCH}) as deleted`,
      db,
    );
    const deleted = row?.deleted ?? 0;
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}

export const retentionTasks: TaskList = {
  [PRUNE_TASK]: async () => void (await pruneRunHistory()),
};

export const retentionCronItems: CronItem[] = [
  { task: PRUNE_TASK, match: "17 * * * *", identifier: PRUNE_TASK },
];
