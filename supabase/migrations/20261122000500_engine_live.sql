-- Live run history: step checkpoints are announced on the channel "orgflow_execution_steps", as
-- execution status changes already are on "orgflow_executions" (20261121000400_engine.sql). The
-- run page's event stream and the builder's canvas overlay LISTEN (one connection per server
-- process) and re-read the run as the signed-in user, so RLS still decides what anyone sees.
--
-- The payload carries the execution id only (never step data). The triggers are statement-level
-- with transition tables: the engine writes several checkpoints in one statement, which sends one
-- notification per execution rather than one per row (and Postgres folds identical payloads of one
-- transaction into one).

create or replace function private.notify_execution_steps_change()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_execution uuid;
begin
  for v_execution in select distinct execution_id from changed_steps loop
    perform pg_notify('orgflow_execution_steps', json_build_object('execution_id', v_execution)::text);
  end loop;
  return null;
end;
$$;

create trigger execution_steps_notify_insert after insert on public.execution_steps
  referencing new table as changed_steps
  for each statement execute function private.notify_execution_steps_change();
create trigger execution_steps_notify_update after update on public.execution_steps
  referencing new table as changed_steps
  for each statement execute function private.notify_execution_steps_change();

-- No new indexes: lists page by (organization_id, created_at, id) and (workflow_id, created_at, id),
-- both indexed already, and a run's steps are found through unique (execution_id, step_key). Every
-- index more would be written on each checkpoint.
