-- Fair scheduling at fetch (issue 18, item 4). One organization's burst (10,000 runs) used to go
-- into the queue ahead of every later run of every other organization: workers fetched the burst
-- in order, refused all but the organization's limit of running runs and re-queued the rest for
-- 30 s later, over and over, while another organization's run waited behind them.
--
-- Now a run whose organization has no room when it starts (its running runs plus its runs queued
-- to run reach its limit) is not queued to run now: it is marked as waiting for admission (as a
-- refused run is), and each run of the organization that leaves "running" hands its slot to the
-- oldest such run (private.engine_checkpoint, unchanged), so the organization's backlog is its own
-- queue, in order, and the shared queue holds only runs that have room. Its fallback job (should
-- a hand-over be lost) is due after the admission retry time, later the further back in line the
-- run is, and has a lower priority (1), so it never goes before a run of an organization with room
-- (graphile-worker fetches by priority, then time).

-- Per organization, beside its running runs: its runs queued to run now (pending, not waiting for
-- admission) and those waiting for admission, kept exact by the trigger that counts running runs,
-- in the same row (one update per change).
alter table private.engine_org_running
  add column queued int not null default 0 check (queued >= 0),
  add column deferred int not null default 0 check (deferred >= 0);

insert into private.engine_org_running (organization_id, queued, deferred)
select organization_id, count(*) filter (where admission_deferred_at is null),
       count(*) filter (where admission_deferred_at is not null)
from public.executions where status = 'pending' group by organization_id
on conflict (organization_id) do update set queued = excluded.queued, deferred = excluded.deferred;

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
begin
  if tg_op in ('UPDATE', 'DELETE') then
    v_org := old.organization_id;
    v_running := v_running - (old.status = 'running')::int;
    v_queued := v_queued - (old.status = 'pending' and old.admission_deferred_at is null)::int;
    v_deferred := v_deferred - (old.status = 'pending' and old.admission_deferred_at is not null)::int;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    v_org := new.organization_id;
    v_running := v_running + (new.status = 'running')::int;
    v_queued := v_queued + (new.status = 'pending' and new.admission_deferred_at is null)::int;
    v_deferred := v_deferred + (new.status = 'pending' and new.admission_deferred_at is not null)::int;
  end if;
  if v_running = 0 and v_queued = 0 and v_deferred = 0 then
    return null;
  end if;
  -- Only a count that grows may need the row made; a delete (the organization's own, cascading,
  -- say: its row may be gone already) only updates.
  if v_running <= 0 and v_queued <= 0 and v_deferred <= 0 then
    update private.engine_org_running
    set running = greatest(running + v_running, 0), queued = greatest(queued + v_queued, 0),
        deferred = greatest(deferred + v_deferred, 0)
    where organization_id = v_org;
    return null;
  end if;
  insert into private.engine_org_running as r (organization_id, running, queued, deferred)
  values (v_org, greatest(v_running, 0), greatest(v_queued, 0), greatest(v_deferred, 0))
  on conflict (organization_id) do update
  set running = greatest(r.running + v_running, 0), queued = greatest(r.queued + v_queued, 0),
      deferred = greatest(r.deferred + v_deferred, 0);
  return null;
end;
$$;

drop trigger executions_count_running_insert on public.executions;
drop trigger executions_count_running_update on public.executions;
drop trigger executions_count_running_delete on public.executions;
create trigger executions_count_running_insert after insert on public.executions
  for each row when (new.status in ('running', 'pending'))
  execute function private.engine_count_running();
create trigger executions_count_running_update after update of status, admission_deferred_at on public.executions
  for each row when ((old.status, old.admission_deferred_at is null) is distinct from
                     (new.status, new.admission_deferred_at is null)
                     and (old.status in ('running', 'pending') or new.status in ('running', 'pending')))
  execute function private.engine_count_running();
create trigger executions_count_running_delete after delete on public.executions
  for each row when (old.status in ('running', 'pending'))
  execute function private.engine_count_running();

-- Starting a run (20261207002000_engine_start_in_one_statement.sql), now queued only when its
-- organization has room; p_default_limit is the workers' default limit of running runs
-- (ENGINE_ORG_CONCURRENCY), settings.max_concurrent_executions wins; p_retry_ms the fallback delay.
drop function private.start_execution(uuid, uuid, uuid, text, jsonb, uuid, uuid, boolean, uuid);
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
  select running, queued, deferred into v_room
  from private.engine_org_running where organization_id = p_organization_id;
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
