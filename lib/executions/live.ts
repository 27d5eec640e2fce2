import { sql as defaultSql, type Sql } from "@/lib/db/client";
import { watchedKeys } from "@/lib/db/notifications";
import {
  EXECUTION_STEPS_CHANNEL,
  EXECUTIONS_CHANNEL,
  subscribeToExecutionStatus,
  subscribeToExecutionSteps,
} from "@/lib/engine/notices";

/**
 * Which runs changed, told by Postgres through the process's one shared LISTEN connection
 * (lib/db/notifications.ts, lib/engine/notices.ts), shared by every open event stream. Each
 * subscriber re-reads the run as its own user, so nothing crosses from one user or organization to
 * another here. After a reconnect every subscriber is called once (a notification may be lost).
 */

/**
 * Calls `onChange` whenever the run `executionId` or one of its steps changes (possibly more often:
 * the callee re-reads and compares). Resolves once listening; the returned function unsubscribes.
 */
export async function subscribeToExecution(
  executionId: string,
  onChange: () => void,
  db: Sql = defaultSql(),
): Promise<() => void> {
  const handler = () => onChange();
  const stops: (() => void)[] = [];
  try {
    stops.push(await subscribeToExecutionStatus(executionId, handler, db));
    stops.push(await subscribeToExecutionSteps(executionId, handler, db));
  } catch (e) {
    stops.forEach((stop) => stop());
    throw e;
  }
  return () => stops.forEach((stop) => stop());
}

/** How many runs are being watched in this process (tests and diagnostics). */
export function watchedExecutions(db: Sql = defaultSql()): number {
  return Math.max(watchedKeys(EXECUTIONS_CHANNEL, db), watchedKeys(EXECUTION_STEPS_CHANNEL, db));
}
