import type { CronItem, TaskList } from "graphile-worker";
import { chatbotTasks } from "@/lib/chatbots/tasks";
import { receiptTasks } from "@/lib/commissions/receipt-tasks";
import { retentionCronItems, retentionTasks } from "@/lib/executions/retention";
import { ghlCronItems, ghlTasks } from "@/lib/ghl/tasks";
import { trashCronItems, trashTasks } from "@/lib/trash/tasks";
import { webhookCronItems, webhookTasks } from "@/lib/webhooks/tasks";
import { inboxTasks } from "@/lib/inbox/waiting-email";
import { notificationCronItems, notificationTasks } from "@/lib/notifications/tasks";

/**
 * Background jobs of features other than the engine (processing a stored GHL webhook, extracting a
 * document's text, …), run by the same worker processes on the same durable queue. A feature adds
 * its tasks here; queue jobs with `enqueueJob` from lib/engine/queue.ts.
 */
export const featureTasks: TaskList = {
  ...ghlTasks,
  ...chatbotTasks,
  ...receiptTasks,
  ...retentionTasks,
  ...webhookTasks,
  ...trashTasks,
  ...inboxTasks,
  ...notificationTasks,
};

/**
 * Periodic jobs of features (graphile cron: each fires once per match across all workers). Run by
 * workers started with schedules on, next to the engine's per-minute schedule tick.
 */
export const featureCronItems: CronItem[] = [
  ...ghlCronItems,
  ...retentionCronItems,
  ...webhookCronItems,
  ...trashCronItems,
  ...notificationCronItems,
];
