import type { CronItem, Task, TaskList } from "graphile-worker";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { attemptWebhookDelivery, WEBHOOK_DELIVER_TASK } from "./delivery";

/** Outgoing webhooks' jobs (registered in lib/jobs/tasks.ts). */

const SWEEP_TASK = "webhook_sweep";
/** Events (and their deliveries) are kept this long for the deliveries list and replays. */
export const KEEP_EVENTS_DAYS = 30;

const deliverTask: Task = async (payload) => {
  const { deliveryId } = payload as { deliveryId?: unknown };
  if (typeof deliveryId === "string") await attemptWebhookDelivery(deliveryId);
};

/**
 * Every minute: queues again any delivery that is due but has no job (written before the queue
 * was installed, or its worker died mid-send), and deletes events past their keeping time.
 */
export async function sweepWebhookDeliveries(db?: Sql): Promise<{ requeued: number; purged: number }> {
  return withServiceRoleBypassingRls(async (tx) => {
    const due = await tx`
      select private.queue_webhook_delivery(d.id)
      from public.webhook_deliveries d
      where (d.status in ('pending', 'retrying') and d.next_attempt_at < now() - interval '1 minute')
         or (d.status = 'sending' and d.locked_until < now())
      limit 1000`;
    const purged = await tx`
      delete from public.outgoing_events
      where id in (select id from public.outgoing_events
                   where created_at < now() - make_interval(days => ${KEEP_EVENTS_DAYS}) limit 5000)
      returning 1`;
    return { requeued: due.length, purged: purged.length };
  }, db);
}

export const webhookTasks: TaskList = {
  [WEBHOOK_DELIVER_TASK]: deliverTask,
  [SWEEP_TASK]: async () => void (await sweepWebhookDeliveries()),
};

export const webhookCronItems: CronItem[] = [
  { task: SWEEP_TASK, match: "* * * * *", identifier: SWEEP_TASK },
];
