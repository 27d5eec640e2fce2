import type { TaskList } from "graphile-worker";
import { z } from "zod";
import { sql as defaultSql, type Sql, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { startExecution } from "./start";
import { emitAppEvent } from "./triggers";

/**
 * The outbox of app events. A feature that makes something true which workflows may react to (a
 * contact created, a payment received, a conversation asking for a workflow) queues the event in
 * the same transaction (`queueAppEventTx`): it is committed with the change or not at all, and a
 * worker delivers it (`appEventTasks`) even when the process that committed it dies at once.
 * Workflows never see a change that was rolled back, and a committed change's event is delivered
 * even if its process dies after commit (a failure to start one of its workflows is still only
 * logged, as before).
 * Delivery is at least once: a worker that dies while starting an event's workflows leaves the job
 * to be run again, which may start a workflow it had already started.
 */

export const APP_EVENT_TASK = "app_event";

const record = z.record(z.string(), z.unknown());
const appEventJob = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("event"),
    organizationId: z.uuid(),
    event: z.string().min(1).max(100),
    payload: record,
    occurredAt: z.iso.datetime({ offset: true }),
  }),
  z.object({
    kind: z.literal("workflow"),
    organizationId: z.uuid(),
    workflowId: z.uuid(),
    input: record,
    occurredAt: z.iso.datetime({ offset: true }),
  }),
]);

export type AppEventJob = z.infer<typeof appEventJob>;
type Queued = AppEventJob extends infer J ? (J extends AppEventJob ? Omit<J, "occurredAt"> : never) : never;

/**
 * Queues an app event (or a run of a chosen workflow) in `tx`, on the service path. Callers that
 * may be the first to use the queue run their transaction in `withQueueInstalled`.
 */
export async function queueAppEventTx(tx: Tx, job: Queued): Promise<void> {
  await tx`select private.enqueue_app_event(${tx.json(job as never)})`; // it adds occurredAt
}

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
