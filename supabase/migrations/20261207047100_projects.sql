-- Projects: an organization groups its workflows, chatbots (with their knowledge, which belongs to
-- a bot) and agents into projects, e.g. one per client campaign; lists filter by project, and a
-- project is archived as a whole (lib/projects/projects.ts: its workflows and bots archived, its
-- agents paused, each one's previous status kept here to come back to).
--
-- A nullable project_id on each grouped table, not a join table: an item belongs to at most one
-- project (a campaign), the filter is one indexed column, there are no link rows to keep in step,
-- and deleting a project leaves its items in the organization with no project. A composite
-- foreign key (organization_id, project_id) keeps an item and its project in one organization.
--
-- Permissions stay the organization's: the `projects` resource of the one permission matrix
-- (administrators manage, everyone else reads); moving an item into a project is editing the
-- item (its own resource's update).

insert into public.permission_resources (resource, label, description, position) values
  ('projects', 'Projects', 'Groups of workflows, chatbots and agents, archived as a whole', 35);

insert into public.role_permission_defaults (role, resource, action)
select 'administrator'::public.organization_role, 'projects', a.action
from unnest(enum_range(null::public.permission_action)) as a (action)
union all
select r.role::public.organization_role, 'projects', 'read'::public.permission_action
from unnest(array['sales', 'viewer', 'bot_trainer']) as r (role);

insert into public.role_permissions (organization_id, role, resource, action)
select o.id, d.role, d.resource, d.action
from public.organizations o
cross join public.role_permission_defaults d
where d.resource = 'projects'
on conflict do nothing;

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 1000),
  status text not null default 'active' check (status in ('active', 'archived')),
  archived_at timestamptz,
  -- While archived: the status each item had, {"workflows": {id: status}, "bots": …, "agents": …}.
  archived_items jsonb not null default '{}'::jsonb
    check (jsonb_typeof(archived_items) = 'object' and octet_length(archived_items::text) <= 1000000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);
create unique index projects_org_name_key on public.projects (organization_id, lower(name));
create index projects_created_by_idx on public.projects (created_by);

select private.setup_tenant_table('public.projects', 'projects');

alter table public.workflows add column project_id uuid;
alter table public.workflows add constraint workflows_project_fkey foreign key (organization_id, project_id)
  references public.projects (organization_id, id) on delete set null (project_id);
create index workflows_project_idx on public.workflows (organization_id, project_id) where project_id is not null;

alter table public.bots add column project_id uuid;
alter table public.bots add constraint bots_project_fkey foreign key (organization_id, project_id)
  references public.projects (organization_id, id) on delete set null (project_id);
create index bots_project_idx on public.bots (organization_id, project_id) where project_id is not null;

alter table public.agents add column project_id uuid;
alter table public.agents add constraint agents_project_fkey foreign key (organization_id, project_id)
  references public.projects (organization_id, id) on delete set null (project_id);
create index agents_project_idx on public.agents (organization_id, project_id) where project_id is not null;

-- Members who may edit an item may put it in a project (or take it out).
grant update (project_id) on public.workflows, public.bots to authenticated;
