-- Run history retention counts from when a run finished, not from when it started: a run that
-- waited on long delays is kept for the whole retention after it ends (its notification links
-- keep working). Otherwise as 20261207002501_organization_settings.sql.
create or replace function private.prune_run_history(p_batch integer default 1000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  with doomed as (
    select e.id
    from public.executions e
    join public.organizations o on o.id = e.organization_id
    where o.settings ? 'run_retention_days'
      and jsonb_typeof(o.settings -> 'run_retention_days') = 'number'
      and e.status in ('completed', 'failed', 'cancelled')
      and coalesce(e.completed_at, e.created_at)
          < now() - make_interval(days => (o.settings ->> 'run_retention_days')::int)
    limit greatest(1, least(p_batch, 10000))
    for update of e skip locked
  )
  delete from public.executions e using doomed where e.id = doomed.id;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;
revoke all on function private.prune_run_history(integer) from public, anon, authenticated;
grant execute on function private.prune_run_history(integer) to service_role;
