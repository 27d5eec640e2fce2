-- Fewer notifying commits per run. A commit that sent a NOTIFY takes a database-wide lock from
-- just before it commits until its commit is flushed, so notifying commits of every session take
-- turns: with 4 workers the runs' commits queued on it (bench:engine-workers, Lock:object). A run
-- used to notify when it was queued, admitted (running), parked (waiting), resumed and finished;
-- admission alone cost each run one notifying commit.
--
-- Who listens on "orgflow_executions": the synchronous webhook's wait (final states only) and the
-- live run stream and builder overlay, which re-read the whole run on any notice of
-- "orgflow_execution_steps" too (and poll slowly). Every change a watcher would see between start
-- and finish comes with a step checkpoint (a step running, waiting or done), so runs announce
-- their status here only once it is final; the queued -> running -> waiting moves are seen with the
-- checkpoints written beside them. The run's start still notifies the queue (graphile-worker's
-- jobs:insert); its finish notifies both channels in its one final commit.
drop trigger executions_notify on public.executions;
create trigger executions_notify after insert or update of status on public.executions
  for each row when (new.status in ('completed', 'failed', 'cancelled'))
  execute function private.notify_execution_change();
