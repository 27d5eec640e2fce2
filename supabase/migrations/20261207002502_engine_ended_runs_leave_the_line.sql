-- A run that ends while it waits for a slot (a member cancels it; admission finds it cancelled, its
-- organization suspended or its deadline past) leaves the line of waiting runs. Otherwise the next
-- hand-over would pick the ended run, queue a job that only finds it finished, and the slot would
-- be lost until the fallback jobs fire, at the back of the queue. Clearing the mark on every path
-- that ends a run, here, rather than in each function that ends one.
create or replace function private.engine_leave_admission_line()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.admission_deferred_at := null;
  return new;
end;
$$;
revoke all on function private.engine_leave_admission_line() from public, anon, authenticated;

create trigger executions_leave_admission_line before update of status on public.executions
  for each row when (new.status in ('completed', 'failed', 'cancelled') and new.admission_deferred_at is not null)
  execute function private.engine_leave_admission_line();

update public.executions set admission_deferred_at = null
where status in ('completed', 'failed', 'cancelled') and admission_deferred_at is not null;
