import type { CronItem, TaskList } from "graphile-worker";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";

/** The scheduled purge of items trashed more than 30 days ago (registered in lib/jobs/tasks.ts). */

const PURGE_TASK = "purge_trash";
const BATCH = 200;
const MAX_BATCHES = 50;

export async function purgeExpiredTrash(db?: Sql): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const [row] = await withServiceRoleBypassingRls(
      (tx) => tx<{ deleted: number }[]>`select private.purge_expired_trash(${BATCH}) as deleted`,
      db,
    );
    total += row?.deleted ?? 0;
    if ((row?.deleted ?? 0) < BATCH) break;
  }
  return total;
}

export const trashTasks: TaskList = { [PURGE_TASK]: async () => void (await purgeExpiredTrash()) };

export const trashCronItems: CronItem[] = [{ task: PURGE_TASK, match: "41 * * * *", identifier: PURGE_TASK }];
