import type { TaskList } from "graphile-worker";
import { sql as defaultSql, type Sql } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { APP_EVENT_TASK, appEventJob } from "@/lib/queue/app-events";
import { startExecution } from "./start";
import { emitAppEvent } from "./triggers";

/**
 * The outbox of app events, the engine's side: a worker delivers each queued event (producers queue
 * them with lib/queue/app-events.ts in the transaction that makes them true), so workflows never
 * see a change that was rolled back, and a committed change's event is delivered even if its
 * process dies after commit (a failure to start one of its workflows is still only logged).
 * Delivery is at least once: a worker that dies while starting an event's workflows leaves the job
 * to be run again, which may start a workflow it had already started.
 */

/** The worker's side: starts the event's workflows, or the chosen workflow. */
export async function deliverAppEvent(raw: unknown, db: Sql = defaultSql()): Promise<string[]> {
  const parsed = appEventJob.safeParse(raw);
  if (!parsed.success) {
    console.error(`[engine] dropped a malformed app event job: ${parsed.error.issues[0]?.message}`);
    return []; // retrying would not make it well-formed
  }
  const job = parsed.data;
  if (job.kind === "event")
    return emitAppEvent(job.organizationId, job.event, job.payload, db, job.occurredAt);
  try {
    const { executionId } = await startExecution({
      organizationId: job.organizationId,
      workflowId: job.workflowId,
      triggerType: "event",
      input: { event: "conversation.started", occurred_at: job.occurredAt, ...job.input },
      db,
    });
    return [executionId];
  } catch (e) {
    if (!(e instanceof AppError)) throw e; // the database, say: the queue retries
    // The workflow is gone, unpublished or over the month's quota: retrying changes nothing.
    console.error(`[engine] could not start workflow ${job.workflowId}: ${e.message}`);
    return [];
  }
}

export const appEventTasks: TaskList = {
  [APP_EVENT_TASK]: async (payload) => void (await deliverAppEvent(payload)),
};
