import { sql as defaultSql, type Sql } from "@/lib/db/client";
import { subscribeToNotifications, type NotificationHandler } from "@/lib/db/notifications";

/**
 * What the engine announces, through the process's shared LISTEN connection
 * (lib/db/notifications.ts): status changes of runs on "orgflow_executions"
 * ({id, organization_id, workflow_id, status}) and step checkpoints on "orgflow_execution_steps"
 * ({execution_id}), sent by triggers (20261121000400_engine.sql, 20261122000500_engine_live.sql).
 * Ids only: a subscriber re-reads the run as whoever it serves.
 */

export const EXECUTIONS_CHANNEL = "orgflow_executions";
export const EXECUTION_STEPS_CHANNEL = "orgflow_execution_steps";

function executionIdOf(payload: string): string | null {
  try {
    const message = JSON.parse(payload) as { id?: unknown; execution_id?: unknown };
    const id = message.execution_id ?? message.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

/** The status a notice of EXECUTIONS_CHANNEL announces (null after a reconnect, or unreadable). */
export function announcedStatus(payload: string | null): string | null {
  if (payload === null) return null;
  try {
    const status = (JSON.parse(payload) as { status?: unknown }).status;
    return typeof status === "string" ? status : null;
  } catch {
    return null;
  }
}

/** Calls `handler` on every status change of the run (`null` after a reconnect). Resolves once listening. */
export function subscribeToExecutionStatus(
  executionId: string,
  handler: NotificationHandler,
  db: Sql = defaultSql(),
): Promise<() => void> {
  return subscribeToNotifications(EXECUTIONS_CHANNEL, executionId, handler, { keyOf: executionIdOf, db });
}

/** Calls `handler` on every step checkpoint of the run (`null` after a reconnect). Resolves once listening. */
export function subscribeToExecutionSteps(
  executionId: string,
  handler: NotificationHandler,
  db: Sql = defaultSql(),
): Promise<() => void> {
  return subscribeToNotifications(EXECUTION_STEPS_CHANNEL, executionId, handler, {
    keyOf: executionIdOf,
    db,
  });
}
