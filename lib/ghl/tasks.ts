import type { CronItem, Task, TaskList } from "graphile-worker";
import { processWebhookEvent } from "./process";
import { queueRefundSyncs, SYNC_ALL_TASK, SYNC_TASK, syncRefunds } from "./refund-sync";
import { PROCESS_TASK, sweepUnqueuedWebhookEvents } from "./webhooks";

/** GoHighLevel's background jobs (registered in lib/jobs/tasks.ts). */

const SWEEP_TASK = "ghl_sweep_webhooks";

const processTask: Task = async (payload, helpers) => {
  const { eventId } = payload as { eventId?: string };
  if (typeof eventId !== "string") return;
  const outcome = await processWebhookEvent(eventId, {
    finalAttempt: helpers.job.attempts >= helpers.job.max_attempts,
  });
  // Thrown, the queue retries with backoff; the event stays `received` with the reason meanwhile.
  if (outcome.kind === "retry") throw outcome.error;
};

const syncTask: Task = async (payload) => {
  const { integrationId } = payload as { integrationId?: string };
  if (typeof integrationId === "string") await syncRefunds(integrationId);
};

export const ghlTasks: TaskList = {
  [PROCESS_TASK]: processTask,
  [SYNC_TASK]: syncTask,
  [SYNC_ALL_TASK]: async () => void (await queueRefundSyncs()),
  [SWEEP_TASK]: async () => void (await sweepUnqueuedWebhookEvents()),
};

export const ghlCronItems: CronItem[] = [
  { task: SYNC_ALL_TASK, match: "*/15 * * * *", identifier: SYNC_ALL_TASK },
  { task: SWEEP_TASK, match: "* * * * *", identifier: SWEEP_TASK },
];
