import type { TaskList } from "graphile-worker";

/**
 * "A visitor is waiting for a person" used to be emailed by a job of its own. It is a notification
 * now (private.notify from the hand-off's trigger, 20261208056100_notify_everywhere.sql): the bell,
 * email, push and chat as each person chose. Jobs queued before that change are dropped here, not
 * retried (their people were told in the bell when they were queued).
 */

export const CONVERSATION_WAITING_TASK = "conversation_waiting_email";

export const inboxTasks: TaskList = {
  [CONVERSATION_WAITING_TASK]: async () => {},
};
