import type { CronItem, Task, TaskList } from "graphile-worker";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { attemptNotificationDelivery, NOTIFICATION_DELIVER_TASK } from "./delivery";
import { sendDigests } from "./digest";

/** Notification jobs (registered in lib/jobs/tasks.ts). */

const SWEEP_TASK = "notification_sweep";
const DIGEST_TASK = "notification_digest";
/** Deliveries (and the notifications that carried them) are kept this long. */
export const KEEP_NOTIFICATIONS_DAYS = 90;

const deliverTask: Task = async (payload) => {
  const { deliveryId } = payload as { deliveryId?: unknown };
  if (typeof deliveryId === "string") await attemptNotificationDelivery(deliveryId);
};

/**
 * Every minute: queues again any delivery that is due but has no job (its worker died mid-send,
 * or it was written before the queue was installed); deletes notifications (and their deliveries) past keeping.
 */
export async function sweepNotificationDeliveries(db?: Sql): Promise<{ requeued: number; purged: number }> {
  return withServiceRoleBypassingRls(async (tx) => {
    const due = await tx`
      select private.queue_notification_delivery(d.id)
      from public.notification_deliveries d
      where (d.status in ('pending', 'retrying') and d.next_attempt_at < now() - interval '1 minute')
         or (d.status = 'sending' and d.locked_until < now())
      limit 1000`;
    const purged = await tx`
      delete from public.notifications
      where id in (select id from public.notifications
                   where created_at < now() - make_interval(days => ${KEEP_NOTIFICATIONS_DAYS}) limit 5000)
      returning 1`;
    return { requeued: due.length, purged: purged.length };
  }, db);
}

export const notificationTasks: TaskList = {
  [NOTIFICATION_DELIVER_TASK]: deliverTask,
  [SWEEP_TASK]: async () => void (await sweepNotificationDeliveries()),
  [DIGEST_TASK]: async () => void (await sendDigests()),
};

export const notificationCronItems: CronItem[] = [
  { task: SWEEP_TASK, match: "* * * * *", identifier: SWEEP_TASK },
  // The daily digest, at 07:00 UTC.
  { task: DIGEST_TASK, match: "0 7 * * *", identifier: DIGEST_TASK },
];
