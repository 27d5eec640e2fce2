-- Agents, first-class: a reusable AI agent (instructions, model and provider, temperature, an
-- optional structured-output JSON schema, the tools it may call) that the playground, the
-- workflow's AI step and later the bots run by reference instead of repeating a prompt.
--
--   agents            existed since the engine migration with nothing using it; it gains the
--                     columns below, its own `agents` permission resource and a version counter
--   agent_versions    one immutable row per saved change of what the agent does (instructions,
--                     model, provider, temperature, schema, tools), written by a trigger
--   agent_executions  every run (playground, workflow step) with its input, output, tokens, cost
--                     and latency; it gains the agent's version, where the run came from and who
--                     started it
--
-- Not a plan feature: the inline AI step is on every plan, and agent runs are metered as it is
-- (tenant_usage.agent_runs, tokens and cost), so gating the agent alone would only push users back
-- to copying prompts.

insert into public.permission_resources (resource, label, description, position) values
  ('agents', 'Agents', 'Reusable AI agents, their versions, playground and runs', 45);

-- Administrators everything; bot trainers write AI behaviour (they already train the bots);
-- sales and viewers see the agents and their runs.
insert into public.role_permission_defaults (role, resource, action)
select 'administrator'::public.organization_role, 'agents', a.action
from unnest(enum_range(null::public.permission_action)) as a (action)
union all
select 'bot_trainer'::public.organization_role, 'agents', a.action::public.permission_action
from unnest(array['read', 'create', 'update', 'delete']) as a (action)
union all
select r.role::public.organization_role, 'agents', 'read'::public.permission_action
from unnest(array['sales', 'viewer']) as r (role);

insert into public.role_permissions (organization_id, role, resource, action)
select o.id, d.role, d.resource, d.action
from public.organizations o
cross join public.role_permission_defaults d
where d.resource = 'agents'
on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- Agents

alter table public.agents
  add column provider text check (provider in ('openai', 'anthropic', 'google', 'openai-compatible')),
  add column temperature numeric(3, 2) not null default 0.2 check (temperature between 0 and 2),
  -- A JSON schema (an object) the answer must follow; null for a text answer.
  add column output_schema jsonb
    check (output_schema is null or (jsonb_typeof(output_schema) = 'object'
                                     and octet_length(output_schema::text) <= 20000)),
  -- The tools it may call: [{"type": "knowledge_search", "bot_id": …}, {"type": "http_request"},
  -- {"type": "start_workflow", "workflow_id": …}] (lib/agents/schemas.ts checks each).
  add column tools jsonb not null default '[]'::jsonb
    check (jsonb_typeof(tools) = 'array' and jsonb_array_length(tools) <= 20
           and octet_length(tools::text) <= 20000),
  add column version int not null default 1 check (version >= 1),
  add constraint agents_instructions_length check (char_length(instructions) <= 20000),
  add constraint agents_model_length check (model is null or char_length(model) <= 200),
  add constraint agents_description_length check (char_length(description) <= 1000),
  add constraint agents_org_id_key unique (organization_id, id);

-- From the workflows resource to its own.
drop policy "agents: read" on public.agents;
drop policy "agents: create" on public.agents;
drop policy "agents: update" on public.agents;
drop policy "agents: delete" on public.agents;
drop trigger agents_touch_updated_at on public.agents;
drop trigger agents_audit on public.agents;
select private.setup_tenant_table('public.agents', 'agents');

create table public.agent_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  agent_id uuid not null,
  version int not null check (version >= 1),
  instructions text not null,
  model text,
  provider text,
  temperature numeric(3, 2) not null,
  output_schema jsonb,
  tools jsonb not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (agent_id, version),
  foreign key (organization_id, agent_id) references public.agents (organization_id, id) on delete cascade
);
create index agent_versions_org_idx on public.agent_versions (organization_id, agent_id);
create index agent_versions_created_by_idx on public.agent_versions (created_by);

-- Versions are history: read with agents:read, written by the trigger below only.
alter table public.agent_versions enable row level security;
create policy "agent_versions: read" on public.agent_versions for select to authenticated
  using (organization_id in (select private.permitted_organizations('agents', 'read')));
revoke all on public.agent_versions from anon;
revoke insert, update, delete, truncate on public.agent_versions from authenticated;

-- A save that changes what the agent does is a new version; renaming is not.
create or replace function private.agents_bump_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
  elsif (new.instructions, new.model, new.provider, new.temperature, new.output_schema, new.tools)
        is distinct from (old.instructions, old.model, old.provider, old.temperature, old.output_schema, old.tools) then
    new.version := old.version + 1;
  else
    new.version := old.version;
  end if;
  return new;
end;
$$;

create or replace function private.agents_record_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.version <> old.version then
    insert into public.agent_versions (organization_id, agent_id, version, instructions, model, provider,
                                       temperature, output_schema, tools, created_by)
    values (new.organization_id, new.id, new.version, new.instructions, new.model, new.provider,
            new.temperature, new.output_schema, new.tools, (select auth.uid()));
  end if;
  return null;
end;
$$;
revoke all on function private.agents_bump_version(), private.agents_record_version() from public, anon, authenticated;

create trigger agents_bump_version before insert or update on public.agents
  for each row execute function private.agents_bump_version();
create trigger agents_record_version after insert or update on public.agents
  for each row execute function private.agents_record_version();

-- Agents made before this migration get their first version.
insert into public.agent_versions (organization_id, agent_id, version, instructions, model, provider,
                                   temperature, output_schema, tools, created_by)
select organization_id, id, version, instructions, model, provider, temperature, output_schema, tools, created_by
from public.agents
on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- Runs

alter table public.agent_executions
  add column agent_version int check (agent_version is null or agent_version >= 1),
  add column source text not null default 'workflow' check (source in ('workflow', 'playground', 'bot')),
  add column created_by uuid references auth.users (id) on delete set null;
create index agent_executions_agent_created_idx on public.agent_executions (agent_id, created_at desc);
create index agent_executions_created_by_idx on public.agent_executions (created_by);

-- Runs are read by those who may read the agents as well as by those who read run history.
drop policy "agent_executions: read" on public.agent_executions;
create policy "agent_executions: read" on public.agent_executions for select to authenticated
  using (organization_id in (select private.permitted_organizations('executions', 'read'))
         or organization_id in (select private.permitted_organizations('agents', 'read')));
