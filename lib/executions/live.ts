import { sql as defaultSql, type Sql } from "@/lib/db/client";

/**
 * Which runs changed, told by Postgres: one LISTEN connection per server process (postgres.js keeps
 * a single dedicated connection for all of a pool's listeners, and reconnects it), shared by every
 * open event stream. The engine announces status changes on "orgflow_executions" and step
 * checkpoints on "orgflow_execution_steps" (ids only); each subscriber then re-reads the run as its
 * own user, so nothing crosses from one user or organization to another here.
 *
 * After a reconnect notifications may have been missed, so every subscriber is woken once.
 */

type Listener = () => void;

type Hub = {
  byExecution: Map<string, Set<Listener>>;
  ready: Promise<void> | null;
};

// One hub per pool, kept on globalThis so Next's dev reloads do not LISTEN again for every edit.
const globalForHub = globalThis as unknown as { orgflowExecutionHubs?: WeakMap<Sql, Hub> };

const CHANNELS = ["orgflow_executions", "orgflow_execution_steps"] as const;

function hub(db: Sql): Hub {
  const hubs = (globalForHub.orgflowExecutionHubs ??= new WeakMap());
  let found = hubs.get(db);
  if (!found) hubs.set(db, (found = { byExecution: new Map(), ready: null }));
  return found;
}

function executionIdOf(payload: string): string | null {
  try {
    const message = JSON.parse(payload) as { id?: unknown; execution_id?: unknown };
    const id = message.execution_id ?? message.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

function wake(h: Hub, executionId: string | null) {
  const listeners = executionId ? h.byExecution.get(executionId) : null;
  for (const listener of listeners ?? []) listener();
}

function wakeAll(h: Hub) {
  for (const listeners of h.byExecution.values()) for (const listener of listeners) listener();
}

function start(db: Sql, h: Hub): Promise<void> {
  if (!h.ready) {
    let first = true;
    h.ready = Promise.all(
      CHANNELS.map((channel) =>
        db.listen(
          channel,
          (payload) => wake(h, executionIdOf(payload)),
          () => {
            // Called on every (re)connect of the listening connection.
            if (!first) wakeAll(h);
          },
        ),
      ),
    ).then(
      () => {
        first = false;
      },
      (e: unknown) => {
        h.ready = null;
        throw e;
      },
    );
  }
  return h.ready;
}

/**
 * Calls `onChange` whenever the run `executionId` or one of its steps changes (possibly more often:
 * the callee re-reads and compares). Resolves once listening; the returned function unsubscribes.
 */
export async function subscribeToExecution(
  executionId: string,
  onChange: Listener,
  db: Sql = defaultSql(),
): Promise<() => void> {
  const h = hub(db);
  let listeners = h.byExecution.get(executionId);
  if (!listeners) h.byExecution.set(executionId, (listeners = new Set()));
  listeners.add(onChange);
  const unsubscribe = () => {
    const set = h.byExecution.get(executionId);
    set?.delete(onChange);
    if (set && set.size === 0) h.byExecution.delete(executionId);
  };
  try {
    await start(db, h);
  } catch (e) {
    unsubscribe();
    throw e;
  }
  return unsubscribe;
}

/** How many streams are watching runs in this process (tests and diagnostics). */
export function watchedExecutions(db: Sql = defaultSql()): number {
  return hub(db).byExecution.size;
}
