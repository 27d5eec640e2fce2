-- Red team: an agent's start-a-workflow tool starts a workflow for real (its emails, HTTP calls,
-- GoHighLevel writes) with the input the model gives. Saving an agent took agents:create / update
-- only, which bot trainers hold by default while they may not run workflows (no
-- executions:create), so a bot trainer gave an agent that tool and ran any workflow of the
-- organization from the playground. Giving an agent a workflow to start (one it did not start
-- before) now asks for executions:create as well; the playground asks the same of whoever runs an
-- agent that starts workflows (lib/agents/playground.ts).

create or replace function private.guard_agent_workflow_tools()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (
       select 1 from jsonb_array_elements(new.tools) t (tool)
       where t.tool ->> 'type' = 'start_workflow'
         and (tg_op = 'INSERT' or not (coalesce(old.tools, '[]'::jsonb) @> jsonb_build_array(t.tool))))
     and private.holds_all_permissions(new.organization_id, array['executions:create']) is not null then
    raise exception 'Giving an agent a workflow to start needs the permission to run workflows (executions:create).'
      using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
revoke all on function private.guard_agent_workflow_tools() from public, anon, authenticated;
create trigger agents_guard_workflow_tools before insert or update of tools on public.agents
  for each row execute function private.guard_agent_workflow_tools();
