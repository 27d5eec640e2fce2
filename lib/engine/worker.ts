import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { parseCronItems, run, type Runner, type Task, type WorkerEvents } from "graphile-worker";
import { createPool, sessionTimeouts, urlWithSessionTimeouts, type Sql } from "@/lib/db/client";
import { featureCronItems, featureTasks } from "@/lib/jobs/tasks";
import { appEventTasks } from "./app-events";
import { runExecution, type EngineOptions } from "./engine";
import { ensureQueue, quietLogger, serviceSessionUrl } from "@/lib/queue/queue";
import { enqueueRun, RUN_TASK, SCHEDULE_TASK, WAITING_FOR_ROOM_PRIORITY } from "./queue";
import { fireDueSchedules } from "./triggers";

/**
 * A worker process's engine: graphile-worker consuming the queue (LISTEN/NOTIFY pickup, SKIP
 * LOCKED), plus what graphile-worker 0.17 lacks for a fast crash recovery. It only frees a dead
 * worker's jobs after 4 hours (hard-coded in that line), so each process heartbeats its pool id
 * in private.engine_workers and every process sweeps: the jobs of workers whose heartbeat is older
 * than `staleMs` are released with graphile_worker.force_unlock_workers and picked up again, and
 * their runs resume from their checkpoints. Default: heartbeat 5 s, stale after 30 s, sweep every
 * 10 s, so a killed worker's run continues within ~40 s.
 */

export type WorkerOptions = {
  connectionString: string;
  concurrency?: number;
  heartbeatMs?: number;
  staleMs?: number;
  sweepMs?: number;
  pollInterval?: number;
  /** Jobs fetched per queue query (at least `concurrency`; 0 fetches one job per query). */
  localQueueSize?: number;
  /** Run the per-minute schedule tick and features' cron items (graphile cron, each fires once per
   *  match across workers). */
  schedules?: boolean;
  engine?: Omit<EngineOptions, "db" | "workerId">;
};

export type EngineWorker = { runner: Runner; processId: string; stop: () => Promise<void>; db: Sql };

export async function startWorker(options: WorkerOptions): Promise<EngineWorker> {
  const processId = `p-${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? 10;
  const localQueueSize = options.localQueueSize ?? concurrency;
  // Both of the worker's pools (its own and graphile-worker's) carry the worker's statement and
  // idle-in-transaction timeouts (lib/db/client.ts sessionTimeouts).
  const timeouts = sessionTimeouts("worker");
  await ensureQueue(options.connectionString);
  const connectionString = await serviceSessionUrl(options.connectionString);
  const db = createPool(connectionString, { max: concurrency + 2 }, timeouts);

  const runTask: Task = async (payload, helpers) => {
    const { executionId } = payload as { executionId: string };
    const outcome = await runExecution(executionId, {
      ...options.engine,
      db,
      workerId: helpers.job.locked_by ?? processId,
    });
    if (outcome.wake) await enqueueRun(outcome.wake, undefined, db);
    // A run refused admission keeps an earlier wake-up (another run handing it its slot meanwhile).
    if (outcome.kind === "requeue") {
      const admission = outcome.reason === "admission";
      await enqueueRun(
        executionId,
        outcome.at,
        db,
        admission ? "preserve_run_at" : "replace",
        admission ? WAITING_FOR_ROOM_PRIORITY : 0,
      );
    }
  };
  const scheduleTask: Task = async (payload) => {
    const ts = (payload as { _cron?: { ts?: string } })._cron?.ts;
    await fireDueSchedules(ts ? new Date(ts) : new Date(), db);
  };

  const register = (workerId: string) =>
    db`insert into private.engine_workers (worker_id, process_id) values (${workerId}, ${processId})
       on conflict (worker_id) do update set heartbeat_at = now()`.catch(() => {});
  const events: WorkerEvents = new EventEmitter();
  // graphile-worker 0.17 locks jobs in the name of the worker pool (job.locked_by = pool id).
  events.on("pool:create", ({ workerPool }) => void register(workerPool.id));

  const runner = await run({
    connectionString: urlWithSessionTimeouts(connectionString, timeouts),
    concurrency,
    pollInterval: options.pollInterval ?? 1000,
    maxPoolSize: concurrency + 2,
    noHandleSignals: true,
    logger: quietLogger(),
    // Jobs are fetched (and locked) `localQueueSize` at a time and completed in batches, instead of
    // one fetch and one completion statement per job. A dead worker's locked jobs are released by
    // the sweep below like its running ones; a completion lost in a crash only makes the job run
    // again, which finds its run settled and does nothing.
    preset:
      localQueueSize > 0
        ? { worker: { localQueue: { size: localQueueSize }, completeJobBatchDelay: 0 } }
        : {},
    events,
    taskList: { ...featureTasks, ...appEventTasks, [RUN_TASK]: runTask, [SCHEDULE_TASK]: scheduleTask },
    parsedCronItems:
      options.schedules === false
        ? []
        : parseCronItems([
            { task: SCHEDULE_TASK, match: "* * * * *", identifier: SCHEDULE_TASK },
            // Features' periodic jobs (lib/jobs/tasks.ts), e.g. the GoHighLevel refund sync.
            ...featureCronItems,
          ]),
  });

  const heartbeatMs = options.heartbeatMs ?? 5000;
  const staleMs = options.staleMs ?? 30_000;
  const heartbeat = setInterval(() => {
    void db`update private.engine_workers set heartbeat_at = now() where process_id = ${processId}`.catch(
      () => {},
    );
  }, heartbeatMs);
  const sweep = setInterval(
    () => void sweepDeadWorkers(db, staleMs).catch(() => {}),
    options.sweepMs ?? 10_000,
  );

  let stopped = false;
  return {
    runner,
    processId,
    db,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      clearInterval(sweep);
      await runner.stop();
      await db`delete from private.engine_workers where process_id = ${processId}`.catch(() => {});
      await db.end();
    },
  };
}

/**
 * Frees the jobs of workers that stopped heartbeating, and re-queues runs whose job went missing
 * (a crash between writing an execution and queueing it).
 */
export async function sweepDeadWorkers(db: Sql, staleMs: number): Promise<string[]> {
  const dead = await db<{ worker_id: string }[]>`
    delete from private.engine_workers
    where heartbeat_at < now() - make_interval(secs => ${staleMs / 1000})
    returning worker_id`;
  const ids = dead.map((d) => d.worker_id);
  if (ids.length) await db`select graphile_worker.force_unlock_workers(${ids}::text[])`;
  const orphans = await db<{ id: string }[]>`
    select e.id from public.executions e
    where e.status in ('pending', 'waiting', 'running') and e.updated_at < now() - interval '1 minute'
      and not exists (select 1 from graphile_worker.jobs j where j.key = 'exec:' || e.id::text)
    limit 100`;
  for (const o of orphans) await enqueueRun(o.id, undefined, db);
  return ids;
}
