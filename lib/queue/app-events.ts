import { z } from "zod";
import type { Tx } from "@/lib/db/client";

/**
 * The outbox of app events, the producers' side (the engine delivers them: lib/engine/app-events.ts).
 * A feature that makes something true which workflows may react to (a contact created, a payment
 * received, a conversation asking for a workflow) queues the event in the same transaction
 * (`queueAppEventTx`): it is committed with the change or not at all, and a worker delivers it
 * even when the process that committed it dies at once. Platform code: producers need not import
 * the engine.
 */

export const APP_EVENT_TASK = "app_event";

const record = z.record(z.string(), z.unknown());
export const appEventJob = z.discriminatedUnion("kind", [
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
