import { sql as defaultSql, type Sql } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/queue";

/**
 * The engine's tasks on the durable queue (lib/queue/queue.ts). One job per execution, keyed
 * `exec:<id>`, so re-queueing a run replaces its pending job instead of adding a second one.
 */

export const RUN_TASK = "engine_run";
export const SCHEDULE_TASK = "engine_schedule_tick";

/** The queue priority of a run waiting for its organization to have room (private.start_execution). */
export const WAITING_FOR_ROOM_PRIORITY = 1;

/**
 * Queues (or re-times) the job of a run. `preserve_run_at`: a waiting job of the run keeps its
 * time (graphile-worker's job_key_mode), so an earlier wake-up is not pushed back. `priority`:
 * WAITING_FOR_ROOM_PRIORITY for a run refused admission, so its retry never goes before a run of
 * an organization with room.
 */
export async function enqueueRun(
  executionId: string,
  runAt?: Date,
  db: Sql = defaultSql(),
  mode: "replace" | "preserve_run_at" = "replace",
  priority = 0,
): Promise<void> {
  await enqueueJob(
    RUN_TASK,
    { executionId },
    { jobKey: `exec:${executionId}`, runAt, maxAttempts: 25, jobKeyMode: mode, priority },
    db,
  );
}
