import { sql as defaultSql, type Sql } from "./client";

/**
 * Postgres notifications, shared: each channel is LISTENed to once per pool (postgres.js keeps one
 * dedicated connection for all of a pool's LISTENs and reconnects it), however many waiters there
 * are, and stays listened to for the life of the process; nobody LISTENs or UNLISTENs per waiter.
 * A notification is routed by its key (`keyOf(payload)`, e.g. a run's id) to the waiters of that
 * key only, so a notification costs O(its waiters), not O(all waiters).
 *
 * After a reconnect of the listening connection, notifications may have been missed: every waiter
 * of the channel is called once (with `null`), and must re-read what it waits for.
 *
 * A waiter that reads state and then waits must count notifications, not just wait for the next
 * one: a notification that arrives while it is reading would otherwise be lost (see `Signal`).
 */

export type NotificationHandler = (payload: string | null) => void;

type Channel = {
  keyOf: (payload: string) => string | null;
  byKey: Map<string, Set<NotificationHandler>>;
  ready: Promise<void> | null;
};

// Per pool and channel; on globalThis so Next's dev reloads do not LISTEN again for every edit.
const globalForChannels = globalThis as unknown as {
  orgflowNotificationChannels?: WeakMap<Sql, Map<string, Channel>>;
};

function channelOf(db: Sql, name: string, keyOf: Channel["keyOf"]): Channel {
  const pools = (globalForChannels.orgflowNotificationChannels ??= new WeakMap());
  let channels = pools.get(db);
  if (!channels) pools.set(db, (channels = new Map()));
  let channel = channels.get(name);
  if (!channel) channels.set(name, (channel = { keyOf, byKey: new Map(), ready: null }));
  return channel;
}

function deliver(channel: Channel, payload: string) {
  const key = channel.keyOf(payload);
  const handlers = key === null ? null : channel.byKey.get(key);
  // A copy: a handler may unsubscribe (itself or another) while being called.
  for (const handler of [...(handlers ?? [])]) handler(payload);
}

function deliverToAll(channel: Channel) {
  for (const handlers of [...channel.byKey.values()]) for (const handler of [...handlers]) handler(null);
}

function listen(db: Sql, name: string, channel: Channel): Promise<void> {
  if (!channel.ready) {
    let first = true;
    channel.ready = db
      .listen(
        name,
        (payload) => deliver(channel, payload),
        () => {
          // Called on every (re)connect of the listening connection.
          if (!first) deliverToAll(channel);
          first = false;
        },
      )
      .then(
        () => undefined,
        (e: unknown) => {
          channel.ready = null;
          throw e;
        },
      );
  }
  return channel.ready;
}

/**
 * Calls `handler` for every notification on `channel` whose key is `key` (and with `null` after a
 * reconnect). Resolves once the channel is being listened to: a notification sent after that is
 * delivered. The returned function unsubscribes.
 */
export async function subscribeToNotifications(
  channel: string,
  key: string,
  handler: NotificationHandler,
  options: { keyOf: (payload: string) => string | null; db?: Sql },
): Promise<() => void> {
  const db = options.db ?? defaultSql();
  const c = channelOf(db, channel, options.keyOf);
  let handlers = c.byKey.get(key);
  if (!handlers) c.byKey.set(key, (handlers = new Set()));
  handlers.add(handler);
  const unsubscribe = () => {
    const set = c.byKey.get(key);
    set?.delete(handler);
    if (set && set.size === 0) c.byKey.delete(key);
  };
  try {
    await listen(db, channel, c);
  } catch (e) {
    unsubscribe();
    throw e;
  }
  return unsubscribe;
}

/** How many keys are being waited on, on `channel` in this process (tests and diagnostics). */
export function watchedKeys(channel: string, db: Sql = defaultSql()): number {
  return globalForChannels.orgflowNotificationChannels?.get(db)?.get(channel)?.byKey.size ?? 0;
}

/**
 * A wake-up that is never lost: `notify()` bumps a counter; `wait(seen, ms)` returns at once when
 * the counter moved past `seen` (a notification came while the caller was reading), else when the
 * next one comes or `ms` pass. Take `seen = signal.count` before reading the state you wait on.
 */
export class Signal {
  count = 0;
  private wake: (() => void) | null = null;

  notify = (): void => {
    this.count++;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  };

  async wait(seen: number, ms: number): Promise<void> {
    if (this.count !== seen || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.wake = null;
  }
}
