-- Test runs from the builder (issue 20, item 3). A test run runs the workflow's draft as it was
-- when the run started (its definition is kept on the run, so editing the draft meanwhile changes
-- nothing), or one step of it with given data; steps that reach outside Orgflow (email,
-- notifications, HTTP, GoHighLevel, AI) are skipped in it unless the member chose to run them
-- (executions.test_options, read by the engine).
--
-- Test runs are not counted against the plan's monthly run quota: they are counted apart
-- (tenant_usage.test_executions) and have their own monthly allowance, so the builder cannot be
-- used as a free production runner.

alter table public.executions
  add column test_definition jsonb check (test_definition is null or jsonb_typeof(test_definition) = 'object'),
  add column test_options jsonb check (test_options is null or jsonb_typeof(test_options) = 'object');

alter table public.tenant_usage
  add column test_executions int not null default 0 check (test_executions >= 0);

-- Counts a test run: the organization must be active and under its monthly allowance of test runs
-- (settings.max_test_runs_per_month, default 1000). Locks the organization's row like
-- count_execution, so the admission that follows reads exact counts.
create or replace function private.count_test_execution(p_organization_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org public.organizations;
  v_period date := date_trunc('month', now())::date;
  v_limit int;
  v_used int;
begin
  select * into v_org from public.organizations where id = p_organization_id for update;
  if not found or v_org.status <> 'active' then
    raise exception 'This organization cannot run workflows (%).', coalesce(v_org.status, 'missing') using errcode = 'OFFRB';
  end if;
  v_limit := coalesce(private.engine_positive_int(v_org.settings -> 'max_test_runs_per_month'), 1000);
  select test_executions into v_used from public.tenant_usage
  where organization_id = p_organization_id and period_start = v_period;
  if coalesce(v_used, 0) >= v_limit then
    raise exception 'This organization has used its % test runs for this month. Publish the workflow to run it, or wait until %.',
      v_limit, to_char((v_period + interval '1 month')::date, 'YYYY-MM-DD')
      using errcode = 'OFLIM';
  end if;
  insert into public.tenant_usage (organization_id, period_start, test_executions)
  values (p_organization_id, v_period, 1)
  on conflict (organization_id, period_start) do update
  set test_executions = public.tenant_usage.test_executions + 1;
end;
$$;
revoke all on function private.count_test_execution(uuid) from public, anon, authenticated;
grant execute on function private.count_test_execution(uuid) to service_role;

-- Starting a run (20261207002010_engine_fair_start.sql), unchanged but for test runs: counted
-- apart, and allowed without a published version.
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
  -- A test run may run the draft (its definition is stored on the run: executions.test_definition).
  if v_version is null and not p_is_test then
    raise exception 'Publish this workflow before running it.' using errcode = 'P0001';
  end if;
  -- Locks the organization's row: concurrent starts of one organization take turns from here, so
  -- the room read below is exact. Test runs are counted apart, not against the plan's quota.
  if p_is_test then
    perform private.count_test_execution(p_organization_id);
  else
    perform private.count_execution(p_organization_id);
  end if;
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
