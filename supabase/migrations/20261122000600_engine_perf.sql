-- The engine's hot path in one round trip per call. A worker used to admit a run in a seven-
-- statement transaction (begin, role, select for update, per-organization advisory lock, count,
-- update, commit) and to write each checkpoint in another four; the organization's admission lock
-- was held across all those network round trips, so one organization's runs were admitted one at
-- a time. These functions do the same work inside the server, in one statement each (its own short
-- transaction), so the per-organization lock lives for microseconds and a step costs one round
-- trip. Called by the worker only (the service path), never by users.
--
-- Commit durability: every checkpoint is committed (visible to every other worker) before the next
-- step starts. What may skip the wait for the WAL flush (synchronous_commit = off, per transaction)
-- is only what can be recomputed with the same result should the database server itself crash:
-- the claim of a run and the results of pure steps (no effects outside the run). A side-effect
-- step's "running" marker and its result, and a run's final status, are flushed before the call
-- returns, and a flushed commit makes every earlier commit durable too (the WAL is sequential), so
-- a server crash can only lose a tail of recomputable work. A worker crash (SIGKILL) loses nothing
-- either way. On this machine a WAL flush costs 0.3–0.5 ms; notifying transactions (the live run
-- history's NOTIFY triggers) also hold the cluster-wide notify lock through their flush, which
-- serialises them.

-- A positive integer setting from organizations.settings (a JSON number or a numeric string).
create or replace function private.engine_positive_int(p_value jsonb)
returns int
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_value) = 'number' and (p_value::text) ~ '^[0-9]{1,9}$' and (p_value::text)::int > 0
      then (p_value::text)::int
    when jsonb_typeof(p_value) = 'string' and (p_value #>> '{}') ~ '^[0-9]{1,9}$' and (p_value #>> '{}')::int > 0
      then (p_value #>> '{}')::int
  end
$$;

-- Running runs per organization, kept exact by triggers on executions (every path that changes a
-- run's status: the engine, cancel_execution, deletes), so admission reads one row instead of
-- counting, and takes that row's lock (for one statement) instead of an advisory lock. It replaces
-- the partial index on executions (organization_id) where status = 'running': an index whose
-- predicate reads status made every status change of a run a non-HOT update, written into all of
-- the table's indexes. Without it a run's updates touch no indexed column and stay on their page
-- (fillfactor leaves room for the two or three versions a run's row goes through).
create table private.engine_org_running (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  running int not null default 0 check (running >= 0)
);
revoke all on private.engine_org_running from public, anon, authenticated;
grant all on private.engine_org_running to service_role;

insert into private.engine_org_running (organization_id, running)
select organization_id, count(*) from public.executions where status = 'running' group by organization_id;

create or replace function private.engine_count_running()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'running' then
    update private.engine_org_running set running = greatest(running - 1, 0)
    where organization_id = old.organization_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'running' then
    insert into private.engine_org_running as r (organization_id, running) values (new.organization_id, 1)
    on conflict (organization_id) do update set running = r.running + 1;
  end if;
  return null;
end;
$$;
revoke all on function private.engine_count_running() from public, anon, authenticated;

create trigger executions_count_running_insert after insert on public.executions
  for each row when (new.status = 'running') execute function private.engine_count_running();
create trigger executions_count_running_update after update of status on public.executions
  for each row when (old.status is distinct from new.status and (old.status = 'running' or new.status = 'running'))
  execute function private.engine_count_running();
create trigger executions_count_running_delete after delete on public.executions
  for each row when (old.status = 'running') execute function private.engine_count_running();

drop index if exists public.executions_org_active_idx;
alter table public.executions set (fillfactor = 80);
alter table public.execution_steps set (fillfactor = 90);

-- Runs refused admission (their organization at its limit) wait for a slot: a run that leaves
-- "running" hands its slot to the oldest of them (engine_checkpoint returns it and the worker
-- re-queues its job to run now), instead of every refused run polling on a timer, which made a
-- busy organization's backlog cycle through the job slots and halved throughput. The timer stays,
-- longer, as the fallback.
alter table public.executions add column admission_deferred_at timestamptz;
create index executions_admission_deferred_idx on public.executions (organization_id, created_at)
  where admission_deferred_at is not null;

-- Taking a run: returns {kind: 'skipped', reason} (not found, already finished), {kind: 'finished',
-- status} (cancel requested, organization not active, past its deadline: settled here),
-- {kind: 'deferred'} (the organization is at its limit of running runs) or {kind: 'admitted', …}
-- with what the worker needs to run it, and the run's checkpoints when it was started before.
--
-- Admission: at most N running runs per organization (settings.max_concurrent_executions, else
-- p_default_limit), read from private.engine_org_running. Its row lock makes the check and the
-- claim atomic between workers and is held only while this statement runs.
create or replace function private.engine_admit(
  p_execution_id uuid,
  p_lease uuid,
  p_worker text,
  p_default_limit int,
  p_run_timeout_ms bigint
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_exec public.executions;
  v_org public.organizations;
  v_settings jsonb;
  v_limit int;
  v_running int;
  v_timeout_ms bigint;
  v_steps jsonb;
  v_finish text;
  v_error text;
begin
  select * into v_exec from public.executions where id = p_execution_id for update;
  if not found then
    return jsonb_build_object('kind', 'skipped', 'reason', 'not found');
  end if;
  if v_exec.status in ('completed', 'failed', 'cancelled') then
    return jsonb_build_object('kind', 'skipped', 'reason', 'already ' || v_exec.status);
  end if;
  select * into v_org from public.organizations where id = v_exec.organization_id;

  if v_exec.cancel_requested_at is not null then
    v_finish := 'cancelled';
    v_error := 'Cancelled.';
  elsif v_org.status <> 'active' then
    v_finish := 'failed';
    v_error := format('The organization is %s.', v_org.status);
  elsif v_exec.deadline_at < now() then
    v_finish := 'failed';
    v_error := 'The run took longer than it may.';
  end if;
  if v_finish is not null then
    update public.executions
    set status = v_finish, error = v_error, completed_at = now(), lease_token = null,
        duration_ms = (extract(epoch from now() - coalesce(started_at, created_at)) * 1000)::int
    where id = p_execution_id;
    return jsonb_build_object('kind', 'finished', 'status', v_finish);
  end if;

  v_settings := coalesce(v_org.settings, '{}'::jsonb);
  v_limit := coalesce(private.engine_positive_int(v_settings -> 'max_concurrent_executions'), p_default_limit);
  select running into v_running from private.engine_org_running
  where organization_id = v_exec.organization_id for update;
  if not found then
    insert into private.engine_org_running (organization_id) values (v_exec.organization_id)
    on conflict (organization_id) do nothing;
    select running into v_running from private.engine_org_running
    where organization_id = v_exec.organization_id for update;
  end if;
  -- A run found "running" (its worker died) is counted already.
  if v_running - (case when v_exec.status = 'running' then 1 else 0 end) >= v_limit then
    perform set_config('synchronous_commit', 'off', true); -- a lost mark only leaves the timer
    update public.executions set admission_deferred_at = now() where id = p_execution_id;
    return jsonb_build_object('kind', 'deferred');
  end if;

  v_timeout_ms := coalesce(private.engine_positive_int(v_settings -> 'max_run_seconds')::bigint * 1000, p_run_timeout_ms);
  perform set_config('synchronous_commit', 'off', true); -- recomputable (see the top of this file)
  update public.executions
  set status = 'running', lease_token = p_lease, leased_by = p_worker, attempt = attempt + 1,
      admission_deferred_at = null, started_at = coalesce(started_at, now()),
      deadline_at = coalesce(deadline_at, now() + make_interval(secs => v_timeout_ms / 1000.0))
  where id = p_execution_id
  returning * into v_exec;

  -- A run taken for the first time has no checkpoints (only an admitted worker writes them).
  if v_exec.attempt > 1 then
    select coalesce(jsonb_agg(jsonb_build_object(
             'step_key', s.step_key, 'status', s.status, 'handle', s.handle, 'output', s.output,
             'error', s.error, 'attempt', s.attempt, 'retries', s.retries, 'wake_at', s.wake_at)
             order by s.sequence), '[]'::jsonb)
    into v_steps
    from public.execution_steps s where s.execution_id = p_execution_id;
  end if;

  return jsonb_build_object(
    'kind', 'admitted',
    'organization', jsonb_build_object('id', v_org.id, 'name', v_org.name, 'slug', v_org.slug, 'settings', v_settings),
    'workflow_id', v_exec.workflow_id,
    'version_id', v_exec.workflow_version_id,
    'trigger_type', v_exec.trigger_type,
    'trigger_input', v_exec.trigger_input,
    'started_at', v_exec.started_at,
    'deadline_at', v_exec.deadline_at,
    'steps', coalesce(v_steps, '[]'::jsonb));
end;
$$;

-- Writing checkpoints, and optionally settling the run, on condition that the caller's lease still
-- holds the run (fencing: the row is locked for the statement, so a takeover or a cancellation
-- waits for it). p_steps: an array of execution_steps rows as JSON (upserted by step_key);
-- p_finish: null, {status: 'waiting'} (the run continues later: release it) or {status:
-- 'completed' | 'failed', output, error}. Returns {result, wake}: result 'ok'; 'cancelled' when a
-- cancellation was requested (the checkpoints are kept, the run is settled as cancelled); 'lost'
-- when another worker holds the run (nothing is written). wake: when the run gave up its slot, the
-- run of the organization waiting longest for admission, for the worker to re-queue now. p_durable = false (only results of pure steps, no
-- final status) lets the commit skip the WAL flush wait.
create or replace function private.engine_checkpoint(
  p_execution_id uuid,
  p_lease uuid,
  p_steps jsonb,
  p_finish jsonb default null,
  p_durable boolean default true
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_exec record;
  v_status text := p_finish ->> 'status';
  v_result text := 'ok';
  v_wake uuid;
begin
  select organization_id, lease_token, cancel_requested_at into v_exec
  from public.executions where id = p_execution_id for no key update;
  if not found or v_exec.lease_token is distinct from p_lease then
    return jsonb_build_object('result', 'lost');
  end if;
  if not p_durable and (v_status is null or v_status = 'waiting') then
    perform set_config('synchronous_commit', 'off', true); -- recomputable (see the top of this file)
  end if;

  if jsonb_array_length(coalesce(p_steps, '[]'::jsonb)) > 0 then
    insert into public.execution_steps (organization_id, execution_id, step_key, node_id, node_type, status,
                                        handle, input, output, error, attempt, retries, logs, sequence,
                                        wake_at, started_at, completed_at, duration_ms)
    select v_exec.organization_id, p_execution_id, s.step_key, s.node_id, s.node_type, s.status,
           s.handle, s.input, s.output, s.error, s.attempt, coalesce(s.retries, '[]'::jsonb),
           coalesce(s.logs, '[]'::jsonb), s.sequence, s.wake_at, s.started_at, s.completed_at, s.duration_ms
    from jsonb_to_recordset(p_steps) as s(step_key text, node_id text, node_type text, status text,
                                          handle text, input jsonb, output jsonb, error text, attempt int,
                                          retries jsonb, logs jsonb, sequence int, wake_at timestamptz,
                                          started_at timestamptz, completed_at timestamptz, duration_ms int)
    on conflict (execution_id, step_key) do update
    set status = excluded.status, handle = excluded.handle, input = excluded.input, output = excluded.output,
        error = excluded.error, attempt = excluded.attempt, retries = excluded.retries, logs = excluded.logs,
        wake_at = excluded.wake_at, started_at = excluded.started_at, completed_at = excluded.completed_at,
        duration_ms = excluded.duration_ms;
  end if;

  if v_exec.cancel_requested_at is not null then
    update public.executions
    set status = 'cancelled', error = 'Cancelled.', completed_at = now(), lease_token = null,
        duration_ms = (extract(epoch from now() - coalesce(started_at, created_at)) * 1000)::int
    where id = p_execution_id;
    v_result := 'cancelled';
  elsif v_status = 'waiting' then
    update public.executions set status = 'waiting', lease_token = null where id = p_execution_id;
  elsif v_status in ('completed', 'failed') then
    update public.executions
    set status = v_status, output = p_finish -> 'output', error = p_finish ->> 'error', completed_at = now(),
        lease_token = null, duration_ms = (extract(epoch from now() - started_at) * 1000)::int
    where id = p_execution_id;
  elsif v_status is not null then
    raise exception 'engine_checkpoint: unknown final status %', v_status using errcode = 'OFVAL';
  end if;

  if v_result = 'cancelled' or v_status is not null then
    update public.executions set admission_deferred_at = null
    where id = (select id from public.executions
                where organization_id = v_exec.organization_id and admission_deferred_at is not null
                order by created_at limit 1 for update skip locked)
    returning id into v_wake;
  end if;
  return jsonb_build_object('result', v_result, 'wake', v_wake);
end;
$$;

revoke all on function private.engine_positive_int(jsonb) from public, anon, authenticated;
revoke all on function private.engine_admit(uuid, uuid, text, int, bigint) from public, anon, authenticated;
revoke all on function private.engine_checkpoint(uuid, uuid, jsonb, jsonb, boolean) from public, anon, authenticated;
grant execute on function private.engine_positive_int(jsonb) to service_role;
grant execute on function private.engine_admit(uuid, uuid, text, int, bigint) to service_role;
grant execute on function private.engine_checkpoint(uuid, uuid, jsonb, jsonb, boolean) to service_role;
