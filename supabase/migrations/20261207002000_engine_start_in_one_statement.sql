-- Starting a run in one statement (issue 18, item 2: the synchronous webhook's hot path). It was a
-- transaction of five round trips (the workflow's version, the quota count, the execution row)
-- plus a second transaction queueing its job; every start of an organization waits on the
-- organization's row lock (the month's counter) for as long as that transaction lasts, so the
-- fewer round trips it spans, the more starts per second an organization gets. Same checks, same
-- errors as before (lib/engine/start.ts); the caller may choose the run's id (to wait for it).
create or replace function private.start_execution(
  p_execution_id uuid,
  p_organization_id uuid,
  p_workflow_id uuid,
  p_trigger_type text,
  p_input jsonb,
  p_version_id uuid,
  p_created_by uuid,
  p_is_test boolean,
  p_rerun_of uuid
)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_version uuid;
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
  perform private.count_execution(p_organization_id);
  insert into public.executions (id, organization_id, workflow_id, workflow_version_id, trigger_type,
                                 trigger_input, created_by, is_test, rerun_of)
  values (coalesce(p_execution_id, gen_random_uuid()), p_organization_id, p_workflow_id, v_version,
          p_trigger_type, p_input, p_created_by, p_is_test, p_rerun_of)
  returning id into v_id;
  perform graphile_worker.add_job('engine_run', json_build_object('executionId', v_id),
                                  job_key => 'exec:' || v_id::text, max_attempts => 25,
                                  job_key_mode => 'replace');
  return v_id;
end;
$$;
revoke all on function private.start_execution(uuid, uuid, uuid, text, jsonb, uuid, uuid, boolean, uuid)
  from public, anon, authenticated;
grant execute on function private.start_execution(uuid, uuid, uuid, text, jsonb, uuid, uuid, boolean, uuid)
  to service_role;
