-- Workers that add up (issue 18, item 3). bench:engine-workers on the machine's PostgreSQL 15
-- showed where a second and a fourth worker lost throughput: the sessions waited on row locks
-- (Lock:transactionid, Lock:tuple) in private.engine_admit and private.engine_checkpoint, all on
-- one row, the organization's counter row in private.engine_org_running. Every run updated it
-- three times (queued when started, running when admitted, gone when it ended), admission locked
-- it `for update`, and each of those row locks lasted until its transaction committed, which for a
-- finished run includes the WAL flush and the turn at the cluster-wide NOTIFY lock (Lock:object).
-- So every worker's starts, admissions and endings of one organization queued behind each other.
--
-- Now the counts are kept in 32 rows per organization (shards), a run always counting in the same
-- one (picked from its id), so runs that end, start or are admitted at the same time update
-- different rows. Each shard is exact, the organization's counts are their sums (the view
-- private.engine_org_running keeps the old shape for reading). What still has to take turns is
-- only the decision to admit, and only near the organization's limit: admissions of one
-- organization then serialize on a transaction-level advisory lock (private.engine_admission_turn),
-- which runs that end never take (an ending only makes room, so reading it late is safe). Starting a run keeps its turn on the organization's
-- row (private.count_execution, the monthly usage count) and reads the sums.

create table private.engine_org_slots (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  shard smallint not null check (shard >= 0 and shard < 32),
  running int not null default 0 check (running >= 0),
  queued int not null default 0 check (queued >= 0),
  deferred int not null default 0 check (deferred >= 0),
  primary key (organization_id, shard)
);
revoke all on private.engine_org_slots from public, anon, authenticated;
grant all on private.engine_org_slots to service_role;

-- The shard a run counts in: the last byte of its (random) id, modulo 32.
create or replace function private.engine_slot_shard(p_execution_id uuid)
returns smallint
language sql
immutable
parallel safe
set search_path = ''
as $$
  select (get_byte(uuid_send(p_execution_id), 15) % 32)::smallint
$$;
revoke all on function private.engine_slot_shard(uuid) from public, anon, authenticated;
grant execute on function private.engine_slot_shard(uuid) to service_role;

-- An organization's admission takes its turn and returns the organization's running runs as
-- counted from then on, or, when the run may not be admitted though there is room, its limit.
--
-- Near the limit, admissions take turns: an exclusive transaction-level advisory lock, held until
-- the transaction commits, so the next one reads this one's claim. Runs that end meanwhile only
-- make room (reading them late is safe). Far from the limit (more room than the server has
-- connections) admissions need no turn and take the lock shared: there can be no more admissions
-- in flight at once than connections, so none of them can claim the last slot; an exclusive
-- taker waits until they have committed. Proof sketch: when a shared admission X commits, take
-- the admission Y that committed between X's read and X's commit (or X) with the latest read r;
-- what committed after r was in flight at r (at most max_connections admissions), so the count is
-- at most Y's reading plus max_connections, which Y checked is within the limit.
-- Two organizations whose ids hash alike only share turns, never counts.
create or replace function private.engine_admission_turn(p_organization_id uuid, p_limit int)
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_key int := hashtext(p_organization_id::text);
  v_class int := hashtext('orgflow.engine_admission');
  v_margin int := current_setting('max_connections')::int;
  v_running int;
begin
  select coalesce(sum(running), 0) into v_running from private.engine_org_slots
  where organization_id = p_organization_id;
  if v_running + v_margin < p_limit then
    perform pg_advisory_xact_lock_shared(v_class, v_key);
    select coalesce(sum(running), 0) into v_running from private.engine_org_slots
    where organization_id = p_organization_id;
    -- Grown meanwhile to near the limit: this one cannot take its turn now (it holds the lock
    -- shared); it waits in line like a run refused for want of room.
    return case when v_running + v_margin <= p_limit then v_running else p_limit end;
  end if;
  perform pg_advisory_xact_lock(v_class, v_key);
  select coalesce(sum(running), 0) into v_running from private.engine_org_slots
  where organization_id = p_organization_id;
  return v_running;
end;
$$;
revoke all on function private.engine_admission_turn(uuid, int) from public, anon, authenticated;
grant execute on function private.engine_admission_turn(uuid, int) to service_role;

-- Writers wait for the switch: the counts move to the shards in one go.
lock table public.executions in share row exclusive mode;

insert into private.engine_org_slots (organization_id, shard, running, queued, deferred)
select organization_id, private.engine_slot_shard(id),
       count(*) filter (where status = 'running'),
       count(*) filter (where status = 'pending' and admission_deferred_at is null),
       count(*) filter (where status = 'pending' and admission_deferred_at is not null)
from public.executions where status in ('running', 'pending')
group by organization_id, private.engine_slot_shard(id);

create or replace function private.engine_count_running()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_running int := 0;
  v_queued int := 0;
  v_deferred int := 0;
  v_org uuid;
  v_id uuid;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    v_org := old.organization_id;
    v_id := old.id;
    v_running := v_running - (old.status = 'running')::int;
    v_queued := v_queued - (old.status = 'pending' and old.admission_deferred_at is null)::int;
    v_deferred := v_deferred - (old.status = 'pending' and old.admission_deferred_at is not null)::int;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    v_org := new.organization_id;
    v_id := new.id;
    v_running := v_running + (new.status = 'running')::int;
    v_queued := v_queued + (new.status = 'pending' and new.admission_deferred_at is null)::int;
    v_deferred := v_deferred + (new.status = 'pending' and new.admission_deferred_at is not null)::int;
  end if;
  if v_running = 0 and v_queued = 0 and v_deferred = 0 then
    return null;
  end if;
  -- Only a count that grows may need the row made; a delete (the organization's own, cascading,
  -- say: its rows may be gone already) only updates.
  if v_running <= 0 and v_queued <= 0 and v_deferred <= 0 then
    update private.engine_org_slots
    set running = greatest(running + v_running, 0), queued = greatest(queued + v_queued, 0),
        deferred = greatest(deferred + v_deferred, 0)
    where organization_id = v_org and shard = private.engine_slot_shard(v_id);
    return null;
  end if;
  insert into private.engine_org_slots as r (organization_id, shard, running, queued, deferred)
  values (v_org, private.engine_slot_shard(v_id), greatest(v_running, 0), greatest(v_queued, 0),
          greatest(v_deferred, 0))
  on conflict (organization_id, shard) do update
  set running = greatest(r.running + v_running, 0), queued = greatest(r.queued + v_queued, 0),
      deferred = greatest(r.deferred + v_deferred, 0);
  return null;
end;
$$;

drop table private.engine_org_running;

-- The organization's counts, as the one row per organization they were (for reading).
create view private.engine_org_running as
select organization_id, sum(running)::int as running, sum(queued)::int as queued,
       sum(deferred)::int as deferred
from private.engine_org_slots
group by organization_id;
revoke all on private.engine_org_running from public, anon, authenticated;
grant select on private.engine_org_running to service_role;

-- Taking a run (20261122000600_engine_perf.sql), admission now under the organization's advisory
-- lock and reading the shards' sum.
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
  v_running := private.engine_admission_turn(v_exec.organization_id, v_limit);
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


-- Starting a run (20261207002010_engine_fair_start.sql), reading the shards' sums.
create or replace function private.start_execution(
  p_execution_id uuid,
  p_organization_id uuid,
  p_workflow_id uuid,
  p_trigger_type text,
  p_input jsonb,
  p_version_id uuid,
  p_created_by uuid,
  p_is_test boolean,
  p_rerun_of uuid,
  p_default_limit int default 10,
  p_retry_ms int default 30000
)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_version uuid;
  v_settings jsonb;
  v_limit int;
  v_room record;
  v_full boolean;
  v_id uuid;
begin
  select coalesce(p_version_id, w.published_version_id,
                  (select v.id from public.workflow_versions v where v.workflow_id = w.id
                   order by v.version desc limit 1))
  into v_version
  from public.workflows w
  where w.id = p_workflow_id and w.organization_id = p_organization_id;
  if not found then
    raise exception 'That workflow does not exist in this organization.' using errcode = 'OFNFD';
  end if;
  if v_version is null then
    raise exception 'Publish this workflow before running it.' using errcode = 'P0001';
  end if;
  -- Locks the organization's row: concurrent starts of one organization take turns from here, so
  -- the room read below is exact.
  perform private.count_execution(p_organization_id);
  select settings into v_settings from public.organizations where id = p_organization_id;
  v_limit := coalesce(private.engine_positive_int(v_settings -> 'max_concurrent_executions'), p_default_limit);
  select coalesce(sum(running), 0) as running, coalesce(sum(queued), 0) as queued,
         coalesce(sum(deferred), 0) as deferred
  into v_room
  from private.engine_org_slots where organization_id = p_organization_id;
  v_full := coalesce(v_room.running + v_room.queued, 0) >= v_limit;
  insert into public.executions (id, organization_id, workflow_id, workflow_version_id, trigger_type,
                                 trigger_input, created_by, is_test, rerun_of, admission_deferred_at)
  values (coalesce(p_execution_id, gen_random_uuid()), p_organization_id, p_workflow_id, v_version,
          p_trigger_type, p_input, p_created_by, p_is_test, p_rerun_of,
          case when v_full then now() end)
  returning id into v_id;
  perform graphile_worker.add_job('engine_run', json_build_object('executionId', v_id),
                                  job_key => 'exec:' || v_id::text, max_attempts => 25,
                                  job_key_mode => 'replace',
                                  -- The fallback comes later the further back in line the run is:
                                  -- it cannot get a slot before those ahead of it anyway.
                                  run_at => case when v_full then now() + make_interval(
                                              secs => p_retry_ms / 1000.0 * (1 + coalesce(v_room.deferred, 0)::numeric / v_limit)) end,
                                  priority => case when v_full then 1 else 0 end);
  return v_id;
end;
$$;
revoke all on function private.start_execution(uuid, uuid, uuid, text, jsonb, uuid, uuid, boolean, uuid, int, int)
  from public, anon, authenticated;
grant execute on function private.start_execution(uuid, uuid, uuid, text, jsonb, uuid, uuid, boolean, uuid, int, int)
  to service_role;
