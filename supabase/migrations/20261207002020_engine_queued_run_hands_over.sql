-- A run queued to run now holds one of its organization's slots (20261207002010_engine_fair_start.sql)
-- before it runs. When it ends without running (cancelled while queued; failed at admission: the
-- organization suspended, the run past its deadline), its slot goes to the organization's run
-- waiting longest for one, queued to run now, as a running run's slot does when it ends
-- (private.engine_checkpoint, whose worker queues that run). Without this the waiting runs would
-- wait for their fallback time.
create or replace function private.engine_hand_over_queued_slot()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_wake uuid;
begin
  update public.executions set admission_deferred_at = null
  where id = (select id from public.executions
              where organization_id = old.organization_id and admission_deferred_at is not null
              order by created_at limit 1 for update skip locked)
  returning id into v_wake;
  if v_wake is not null then
    perform graphile_worker.add_job('engine_run', json_build_object('executionId', v_wake),
                                    job_key => 'exec:' || v_wake::text, max_attempts => 25,
                                    job_key_mode => 'replace', priority => 0);
  end if;
  return null;
end;
$$;
revoke all on function private.engine_hand_over_queued_slot() from public, anon, authenticated;

create trigger executions_hand_over_queued_slot after update of status on public.executions
  for each row when (old.status = 'pending' and old.admission_deferred_at is null
                     and new.status in ('completed', 'failed', 'cancelled'))
  execute function private.engine_hand_over_queued_slot();
