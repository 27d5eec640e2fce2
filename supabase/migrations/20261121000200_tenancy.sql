-- Tenancy: organizations, members, roles and permissions as data, invitations, team members,
-- user settings, API keys and the audit log. Every business table carries organization_id and is
-- guarded by RLS through one permission function, private.permitted_organizations(), which the
-- app's UI calls too (through private.has_permission), so what the UI offers and what the
-- database allows cannot drift apart.

grant usage on schema private to authenticated, service_role;

-- Errors raised on purpose carry SQLSTATEs of our own class "OF", which the app maps to HTTP
-- statuses (lib/errors): OFLIM plan limit reached, OFFRB forbidden, OFNFD not found,
-- OFGON gone (expired or used), OFCNF conflict, OFVAL invalid input.

-- ---------------------------------------------------------------------------------------------
-- Reference data: resources, actions and the default permission matrix.

create type public.organization_role as enum ('owner', 'administrator', 'sales', 'bot_trainer', 'viewer');
create type public.permission_action as enum ('create', 'read', 'update', 'delete', 'approve');

create table public.permission_resources (
  resource text primary key check (resource ~ '^[a-z_]+$'),
  label text not null,
  description text not null default '',
  position int not null default 0
);

insert into public.permission_resources (resource, label, description, position) values
  ('organizations', 'Organization', 'Name, slug, settings, the permission matrix', 10),
  ('members', 'Members', 'Who has a login in the organization, their roles and invitations', 20),
  ('team_members', 'Team members', 'Sales reps and other people, with or without a login', 30),
  ('workflows', 'Workflows', 'Automations built on the canvas', 40),
  ('executions', 'Executions', 'Workflow runs and their history', 50),
  ('bots', 'Chatbots', 'Bots, their flows and knowledge base', 60),
  ('conversations', 'Conversations', 'Chats with visitors and hand-offs', 70),
  ('contacts', 'Contacts', 'Leads and customers', 80),
  ('sales', 'Sales', 'Transactions from GoHighLevel, CSV or entered by hand', 90),
  ('commissions', 'Commissions', 'Commission rules and calculations', 100),
  ('payouts', 'Payouts', 'Commission payout batches', 110),
  ('integrations', 'Integrations', 'GoHighLevel and other connections', 120),
  ('billing', 'Billing', 'Plan, checkout and invoices', 130),
  ('api_keys', 'API keys', 'Keys for the REST API', 140),
  ('audit_logs', 'Audit log', 'Who changed what, and when', 150);

-- The matrix every new organization starts from. Owners are not listed: they may do everything.
create table public.role_permission_defaults (
  role public.organization_role not null check (role <> 'owner'),
  resource text not null references public.permission_resources (resource) on delete cascade,
  action public.permission_action not null,
  primary key (role, resource, action)
);

insert into public.role_permission_defaults (role, resource, action)
select 'administrator'::public.organization_role, r.resource, a.action
from public.permission_resources r
cross join unnest(enum_range(null::public.permission_action)) as a (action)
where not (r.resource = 'organizations' and a.action = 'delete')
union all
select 'viewer'::public.organization_role, r, 'read'::public.permission_action
from unnest(array['organizations', 'members', 'team_members', 'workflows', 'executions', 'bots',
                  'conversations', 'contacts', 'sales', 'commissions', 'payouts']) as r
union all
select 'sales'::public.organization_role, x.resource, x.action::public.permission_action
from (values
  ('organizations', 'read'), ('members', 'read'), ('team_members', 'read'),
  ('workflows', 'read'), ('executions', 'read'), ('bots', 'read'),
  ('conversations', 'read'), ('conversations', 'create'), ('conversations', 'update'),
  ('contacts', 'read'), ('contacts', 'create'), ('contacts', 'update'),
  ('sales', 'read'), ('sales', 'create'), ('sales', 'update'),
  ('commissions', 'read'), ('payouts', 'read')
) as x (resource, action)
union all
select 'bot_trainer'::public.organization_role, x.resource, x.action::public.permission_action
from (values
  ('organizations', 'read'), ('members', 'read'), ('team_members', 'read'),
  ('workflows', 'read'), ('executions', 'read'),
  ('bots', 'read'), ('bots', 'create'), ('bots', 'update'), ('bots', 'delete'),
  ('conversations', 'read'), ('conversations', 'update'), ('contacts', 'read')
) as x (resource, action);

alter table public.permission_resources enable row level security;
alter table public.role_permission_defaults enable row level security;
create policy "permission_resources: readable by signed-in users" on public.permission_resources
  for select to authenticated using (true);
create policy "role_permission_defaults: readable by signed-in users" on public.role_permission_defaults
  for select to authenticated using (true);
revoke insert, update, delete, truncate on public.permission_resources, public.role_permission_defaults
  from anon, authenticated;
revoke all on public.permission_resources, public.role_permission_defaults from anon;

-- ---------------------------------------------------------------------------------------------
-- Organizations

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 2 and 255),
  slug text not null unique check (slug ~ '^[a-z0-9-]+$' and char_length(slug) between 3 and 63),
  status text not null default 'active' check (status in ('active', 'suspended', 'cancelled')),
  subscription_plan text not null default 'free',
  subscription_status text not null default 'active'
    check (subscription_status in ('trialing', 'active', 'past_due', 'canceled', 'unpaid', 'incomplete')),
  -- Limits of the current plan (the free plan's until billing says otherwise).
  max_users int not null default 3 check (max_users > 0),
  max_workflows int not null default 5 check (max_workflows >= 0),
  max_bots int not null default 1 check (max_bots >= 0),
  max_executions_per_month int not null default 1000 check (max_executions_per_month >= 0),
  -- Usage that is costly to count on demand; maintained by the features that consume it.
  executions_this_month int not null default 0 check (executions_this_month >= 0),
  usage_period_start date not null default date_trunc('month', now())::date,
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organizations_created_by_idx on public.organizations (created_by);

create table public.organization_members (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.organization_role not null default 'viewer',
  status text not null default 'active' check (status in ('active', 'invited', 'suspended')),
  -- {"grant": ["workflows:create"], "revoke": ["sales:read"]} on top of the role's permissions.
  custom_permissions jsonb not null default '{}'::jsonb check (jsonb_typeof(custom_permissions) = 'object'),
  invited_by uuid references auth.users (id) on delete set null,
  joined_at timestamptz not null default now(),
  last_active_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, user_id)
);
create index organization_members_user_id_idx on public.organization_members (user_id, organization_id);
create index organization_members_invited_by_idx on public.organization_members (invited_by);

create table public.role_permissions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  role public.organization_role not null check (role <> 'owner'),
  resource text not null references public.permission_resources (resource) on delete cascade,
  action public.permission_action not null,
  created_at timestamptz not null default now(),
  unique (organization_id, role, resource, action)
);
create index role_permissions_resource_idx on public.role_permissions (resource);

-- ---------------------------------------------------------------------------------------------
-- API keys (needed by the permission function: a key narrows what its creator may do)

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 100),
  -- What the user sees to recognise a key, e.g. "of_3kq9x2ab"; the secret itself is never stored.
  prefix text not null unique check (char_length(prefix) between 8 and 32),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  -- "resource:action" strings, each one its creator held when the key was made.
  permissions text[] not null default '{}',
  created_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index api_keys_organization_id_idx on public.api_keys (organization_id, created_at desc);
create index api_keys_created_by_idx on public.api_keys (created_by);

-- ---------------------------------------------------------------------------------------------
-- The permission function: the organizations in which the current user (or API key) may do
-- `action` on `resource`. RLS policies use it as `organization_id in (select ...)`, which Postgres
-- evaluates once per statement; the UI asks the same question through private.has_permission.

-- PL/pgSQL rather than SQL on purpose: a security-definer SQL function cannot be inlined and is
-- planned afresh on every call (~0.8 ms), while PL/pgSQL keeps its plans for the session.
create or replace function private.permitted_organizations(p_resource text, p_action public.permission_action)
returns setof uuid
language plpgsql
stable
-- A user belongs to a handful of organizations, not the default estimate of 1,000 rows.
rows 5
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_key uuid := nullif((select auth.jwt()) ->> 'api_key_id', '')::uuid;
  v_permission text := p_resource || ':' || p_action;
begin
  if v_user is null then
    return;
  end if;
  return query
  select m.organization_id
  from public.organization_members m
  join public.organizations o on o.id = m.organization_id and o.status <> 'cancelled'
  where m.user_id = v_user
    and m.status = 'active'
    and (
      m.role = 'owner'
      or (
        (
          exists (select 1 from public.role_permissions rp
                  where rp.organization_id = m.organization_id and rp.role = m.role
                    and rp.resource = p_resource and rp.action = p_action)
          or coalesce(m.custom_permissions -> 'grant', '[]'::jsonb) ? v_permission
        )
        and not coalesce(m.custom_permissions -> 'revoke', '[]'::jsonb) ? v_permission
      )
    )
    -- A request made with an API key may do only what the key allows, in the key's organization.
    and (
      v_key is null
      or exists (
        select 1 from public.api_keys k
        where k.id = v_key
          and k.organization_id = m.organization_id
          and k.revoked_at is null
          and (k.expires_at is null or k.expires_at > now())
          and v_permission = any (k.permissions)
      )
    );
end;
$$;

create or replace function private.has_permission(p_organization_id uuid, p_resource text, p_action public.permission_action)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_organization_id in (select private.permitted_organizations(p_resource, p_action))
$$;

-- Organizations the current user belongs to (any status but suspended), for "my memberships".
create or replace function private.member_organizations()
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query select organization_id from public.organization_members
               where user_id = (select auth.uid()) and status = 'active';
end;
$$;

create or replace function private.member_role(p_organization_id uuid)
returns public.organization_role
language sql
stable
security definer
set search_path = ''
as $$
  select role from public.organization_members
  where organization_id = p_organization_id and user_id = (select auth.uid()) and status = 'active'
$$;

-- The whole matrix of the current user in one organization, for the UI: {resource: [actions]}.
create or replace function public.my_permissions(p_organization_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(resource, actions), '{}'::jsonb)
  from (
    select r.resource, jsonb_agg(a.action order by a.action) as actions
    from public.permission_resources r
    cross join unnest(enum_range(null::public.permission_action)) as a (action)
    where private.has_permission(p_organization_id, r.resource, a.action)
    group by r.resource
  ) x
$$;

create or replace function public.has_permission(p_organization_id uuid, p_resource text, p_action public.permission_action)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_permission(p_organization_id, p_resource, p_action)
$$;

revoke all on function private.permitted_organizations(text, public.permission_action),
  private.has_permission(uuid, text, public.permission_action), private.member_organizations(),
  private.member_role(uuid) from public, anon;
grant execute on function private.permitted_organizations(text, public.permission_action),
  private.has_permission(uuid, text, public.permission_action), private.member_organizations(),
  private.member_role(uuid) to authenticated, service_role;
revoke all on function public.my_permissions(uuid), public.has_permission(uuid, text, public.permission_action)
  from public, anon;
grant execute on function public.my_permissions(uuid), public.has_permission(uuid, text, public.permission_action)
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Invitations, team members, user settings, audit log

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email extensions.citext not null check (email::text ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email::text) <= 320),
  role public.organization_role not null check (role <> 'owner'),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at timestamptz not null default now() + interval '7 days',
  invited_by uuid references auth.users (id) on delete set null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  declined_at timestamptz,
  revoked_at timestamptz,
  last_sent_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index invitations_organization_id_idx on public.invitations (organization_id, created_at desc);
create index invitations_invited_by_idx on public.invitations (invited_by);
create index invitations_accepted_by_idx on public.invitations (accepted_by);
-- One open invitation per address and organization.
create unique index invitations_open_email_idx on public.invitations (organization_id, email)
  where accepted_at is null and revoked_at is null and declined_at is null;

create table public.team_members (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  full_name text not null check (char_length(btrim(full_name)) between 1 and 200),
  email extensions.citext check (email is null or (email::text ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email::text) <= 320)),
  external_id text check (external_id is null or char_length(external_id) between 1 and 255),
  member_type text not null default 'sales' check (member_type in ('sales', 'support', 'operations')),
  commission_rate numeric(12, 4) check (commission_rate is null or commission_rate >= 0),
  commission_type text not null default 'percentage' check (commission_type in ('percentage', 'flat')),
  user_id uuid references auth.users (id) on delete set null,
  status text not null default 'active' check (status in ('active', 'inactive')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, external_id),
  unique (organization_id, user_id),
  check (commission_type <> 'percentage' or commission_rate is null or commission_rate <= 100)
);
create index team_members_user_id_idx on public.team_members (user_id);
create index team_members_org_name_idx on public.team_members (organization_id, full_name);

create table public.user_settings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  -- null: the user's defaults; set: what differs in that organization.
  organization_id uuid references public.organizations (id) on delete cascade,
  theme text not null default 'system' check (theme in ('light', 'dark', 'system')),
  language text not null default 'en' check (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  timezone text check (timezone is null or char_length(timezone) between 1 and 64),
  email_notifications boolean not null default true,
  in_app_notifications boolean not null default true,
  notification_types jsonb not null default '{}'::jsonb check (jsonb_typeof(notification_types) = 'object'),
  last_organization_id uuid references public.organizations (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (user_id, organization_id)
);
create index user_settings_organization_id_idx on public.user_settings (organization_id);
create index user_settings_last_organization_id_idx on public.user_settings (last_organization_id);

create table public.audit_logs (
  id bigint generated always as identity primary key,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  actor_api_key_id uuid,
  action text not null check (action in ('insert', 'update', 'delete')),
  resource_type text not null,
  resource_id text,
  -- {"column": {"before": …, "after": …}}, secrets redacted.
  changes jsonb not null default '{}'::jsonb,
  ip inet,
  user_agent text,
  created_at timestamptz not null default now()
);
create index audit_logs_org_created_idx on public.audit_logs (organization_id, created_at desc, id desc);
create index audit_logs_actor_idx on public.audit_logs (actor_id);
create index audit_logs_org_resource_idx on public.audit_logs (organization_id, resource_type, created_at desc);

-- ---------------------------------------------------------------------------------------------
-- The audit trigger, attached to every business table, so no code path can forget to log.

create or replace function private.redact_secrets(p_row jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(key,
    case when key ~* '(secret|token|password|hash|credential|api_key)' and key <> 'api_key_id'
         then to_jsonb('[redacted]'::text) else value end), '{}'::jsonb)
  from jsonb_each(p_row)
$$;

create or replace function private.audit_row_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old jsonb := case when tg_op in ('UPDATE', 'DELETE') then private.redact_secrets(to_jsonb(old)) end;
  v_new jsonb := case when tg_op in ('INSERT', 'UPDATE') then private.redact_secrets(to_jsonb(new)) end;
  v_row jsonb := coalesce(v_new, v_old);
  v_org uuid := coalesce((v_row ->> 'organization_id')::uuid,
                         case when tg_table_name = 'organizations' then (v_row ->> 'id')::uuid end);
  v_changes jsonb;
  v_headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
  v_ip text := split_part(coalesce(v_headers ->> 'x-forwarded-for', v_headers ->> 'x-real-ip', ''), ',', 1);
begin
  -- No organization to file it under, or the matrix a new organization is seeded with.
  if v_org is null or (tg_table_name = 'role_permissions' and pg_trigger_depth() > 1) then
    return null;
  end if;
  -- The organization itself is being deleted: its audit log goes with it.
  if tg_op = 'DELETE' and not exists (select 1 from public.organizations where id = v_org) then
    return null;
  end if;
  if tg_op = 'UPDATE' then
    select coalesce(jsonb_object_agg(n.key, jsonb_build_object('before', o.value, 'after', n.value)), '{}'::jsonb)
      into v_changes
    from jsonb_each(v_new) n
    join jsonb_each(v_old) o on o.key = n.key
    -- Bookkeeping columns, not a person's edit (the usage counters change with every workflow run).
    where n.value is distinct from o.value
      and n.key not in ('updated_at', 'last_active_at', 'last_used_at', 'executions_this_month', 'usage_period_start');
    if v_changes = '{}'::jsonb then
      return null;
    end if;
  elsif tg_op = 'INSERT' then
    select coalesce(jsonb_object_agg(key, jsonb_build_object('after', value)), '{}'::jsonb) into v_changes
    from jsonb_each(v_new) where key not in ('created_at', 'updated_at');
  else
    select coalesce(jsonb_object_agg(key, jsonb_build_object('before', value)), '{}'::jsonb) into v_changes
    from jsonb_each(v_old) where key not in ('created_at', 'updated_at');
  end if;
  insert into public.audit_logs (organization_id, actor_id, actor_api_key_id, action, resource_type,
                                 resource_id, changes, ip, user_agent)
  values (v_org, (select auth.uid()), nullif((select auth.jwt()) ->> 'api_key_id', '')::uuid,
          lower(tg_op), tg_table_name, v_row ->> 'id', v_changes,
          case when v_ip ~ '^[0-9a-fA-F:.]+$' then v_ip::inet end,
          left(v_headers ->> 'user-agent', 500));
  return null;
end;
$$;

-- Append-only, for everyone: no policy allows it and this trigger stops even the table owner.
create or replace function private.forbid_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Rows may go only when their organization is deleted (the foreign key's cascade).
  if tg_op = 'DELETE' and not exists (select 1 from public.organizations where id = old.organization_id) then
    return old;
  end if;
  raise exception 'The audit log cannot be changed.' using errcode = 'OFFRB';
end;
$$;

create trigger audit_logs_append_only
  before update or delete on public.audit_logs
  for each row execute function private.forbid_audit_change();
create trigger audit_logs_no_truncate
  before truncate on public.audit_logs
  for each statement execute function private.forbid_audit_change();

-- Standard set-up of a business table: RLS on, the four policies through the permission
-- function, updated_at and the audit trigger. Later migrations call it for their tables too.
create or replace function private.setup_tenant_table(p_table regclass, p_resource text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_name text := (select relname from pg_class where oid = p_table);
begin
  execute format('alter table %s enable row level security', p_table);
  execute format($p$create policy "%s: read" on %s for select to authenticated
                   using (organization_id in (select private.permitted_organizations(%L, 'read')))$p$,
                 v_name, p_table, p_resource);
  execute format($p$create policy "%s: create" on %s for insert to authenticated
                   with check (organization_id in (select private.permitted_organizations(%L, 'create')))$p$,
                 v_name, p_table, p_resource);
  execute format($p$create policy "%s: update" on %s for update to authenticated
                   using (organization_id in (select private.permitted_organizations(%L, 'update')))
                   with check (organization_id in (select private.permitted_organizations(%L, 'update')))$p$,
                 v_name, p_table, p_resource, p_resource);
  execute format($p$create policy "%s: delete" on %s for delete to authenticated
                   using (organization_id in (select private.permitted_organizations(%L, 'delete')))$p$,
                 v_name, p_table, p_resource);
  execute format('revoke all on %s from anon', p_table);
  if exists (select 1 from pg_attribute where attrelid = p_table and attname = 'updated_at' and not attisdropped) then
    execute format('create trigger %I before update on %s for each row execute function private.touch_updated_at()',
                   v_name || '_touch_updated_at', p_table);
  end if;
  execute format('create trigger %I after insert or update or delete on %s for each row execute function private.audit_row_change()',
                 v_name || '_audit', p_table);
end;
$$;

select private.setup_tenant_table('public.team_members', 'team_members');
select private.setup_tenant_table('public.invitations', 'members');

-- role_permissions: the matrix is edited by adding and removing rows, which changing the
-- organization's settings (organizations:update) allows.
alter table public.role_permissions enable row level security;
create policy "role_permissions: read" on public.role_permissions for select to authenticated
  using (organization_id in (select private.permitted_organizations('organizations', 'read')));
create policy "role_permissions: create" on public.role_permissions for insert to authenticated
  with check (organization_id in (select private.permitted_organizations('organizations', 'update')));
create policy "role_permissions: delete" on public.role_permissions for delete to authenticated
  using (organization_id in (select private.permitted_organizations('organizations', 'update')));
revoke all on public.role_permissions from anon;
revoke update on public.role_permissions from authenticated;
create trigger role_permissions_audit after insert or update or delete on public.role_permissions
  for each row execute function private.audit_row_change();

-- organizations: created through public.create_organization(); the rest by permission.
alter table public.organizations enable row level security;
create policy "organizations: read" on public.organizations for select to authenticated
  using (id in (select private.permitted_organizations('organizations', 'read')));
create policy "organizations: update" on public.organizations for update to authenticated
  using (id in (select private.permitted_organizations('organizations', 'update')))
  with check (id in (select private.permitted_organizations('organizations', 'update')));
create policy "organizations: delete" on public.organizations for delete to authenticated
  using (id in (select private.permitted_organizations('organizations', 'delete')));
revoke all on public.organizations from anon;
revoke insert on public.organizations from authenticated;
-- Plan, limits and usage follow billing and the features that consume them, never a user's edit.
revoke update on public.organizations from authenticated;
grant update (name, slug, settings) on public.organizations to authenticated;
create trigger organizations_touch_updated_at before update on public.organizations
  for each row execute function private.touch_updated_at();
create trigger organizations_audit after insert or update or delete on public.organizations
  for each row execute function private.audit_row_change();

-- organization_members: one's own memberships are always visible (the organization switcher).
alter table public.organization_members enable row level security;
create policy "organization_members: read" on public.organization_members for select to authenticated
  using (user_id = (select auth.uid())
         or organization_id in (select private.permitted_organizations('members', 'read')));
create policy "organization_members: update" on public.organization_members for update to authenticated
  using (organization_id in (select private.permitted_organizations('members', 'update')))
  with check (organization_id in (select private.permitted_organizations('members', 'update')));
-- Leaving is deleting one's own membership.
create policy "organization_members: delete" on public.organization_members for delete to authenticated
  using (user_id = (select auth.uid())
         or organization_id in (select private.permitted_organizations('members', 'delete')));
revoke all on public.organization_members from anon;
-- Members join through accept_invitation() and create_organization(), never by a plain insert.
revoke insert on public.organization_members from authenticated;
revoke update on public.organization_members from authenticated;
grant update (role, status, custom_permissions, last_active_at) on public.organization_members to authenticated;
create trigger organization_members_touch_updated_at before update on public.organization_members
  for each row execute function private.touch_updated_at();
create trigger organization_members_audit after insert or update or delete on public.organization_members
  for each row execute function private.audit_row_change();

-- api_keys: keys are made through create_api_key(); revoking is an update of revoked_at.
alter table public.api_keys enable row level security;
create policy "api_keys: read" on public.api_keys for select to authenticated
  using (organization_id in (select private.permitted_organizations('api_keys', 'read')));
create policy "api_keys: update" on public.api_keys for update to authenticated
  using (organization_id in (select private.permitted_organizations('api_keys', 'update')))
  with check (organization_id in (select private.permitted_organizations('api_keys', 'update')));
create policy "api_keys: delete" on public.api_keys for delete to authenticated
  using (organization_id in (select private.permitted_organizations('api_keys', 'delete')));
revoke all on public.api_keys from anon;
revoke insert, update on public.api_keys from authenticated;
grant update (name, revoked_at) on public.api_keys to authenticated;
-- The hash is compared on the service path only; users never read it back.
revoke select on public.api_keys from authenticated;
grant select (id, organization_id, name, prefix, permissions, created_by, expires_at, last_used_at,
              revoked_at, created_at, updated_at) on public.api_keys to authenticated;
create trigger api_keys_touch_updated_at before update on public.api_keys
  for each row execute function private.touch_updated_at();
create trigger api_keys_audit after insert or update or delete on public.api_keys
  for each row execute function private.audit_row_change();

-- audit_logs: read with the permission; written only by the trigger.
alter table public.audit_logs enable row level security;
create policy "audit_logs: read" on public.audit_logs for select to authenticated
  using (organization_id in (select private.permitted_organizations('audit_logs', 'read')));
revoke all on public.audit_logs from anon;
revoke insert, update, delete, truncate on public.audit_logs from authenticated, service_role;

-- user_settings: each user's own.
alter table public.user_settings enable row level security;
create policy "user_settings: own" on public.user_settings for all to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid())
              and (organization_id is null or organization_id in (select private.member_organizations()))
              and (last_organization_id is null or last_organization_id in (select private.member_organizations())));
revoke all on public.user_settings from anon;
create trigger user_settings_touch_updated_at before update on public.user_settings
  for each row execute function private.touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Rules that keep an organization sound

create or replace function private.seed_role_permissions()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.role_permissions (organization_id, role, resource, action)
  select new.id, role, resource, action from public.role_permission_defaults;
  return null;
end;
$$;
create trigger organizations_seed_role_permissions after insert on public.organizations
  for each row execute function private.seed_role_permissions();

-- Owners are made and unmade only by owners (or the service path), and an organization always
-- keeps an active owner.
create or replace function private.guard_member_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor_role public.organization_role;
  v_is_user boolean := coalesce((select auth.role()), '') = 'authenticated';
begin
  if v_is_user then
    v_actor_role := private.member_role(coalesce(new.organization_id, old.organization_id));
    if tg_op = 'UPDATE' and (new.role = 'owner' or old.role = 'owner') and new.role is distinct from old.role
       and v_actor_role is distinct from 'owner' then
      raise exception 'Only an owner can change who owns the organization.' using errcode = 'OFFRB';
    end if;
    if tg_op = 'UPDATE' and old.role = 'owner' and new.status is distinct from old.status
       and v_actor_role is distinct from 'owner' then
      raise exception 'Only an owner can suspend an owner.' using errcode = 'OFFRB';
    end if;
    if tg_op = 'DELETE' and old.role = 'owner' and old.user_id <> (select auth.uid())
       and v_actor_role is distinct from 'owner' then
      raise exception 'Only an owner can remove an owner.' using errcode = 'OFFRB';
    end if;
    if tg_op = 'UPDATE' and old.user_id = (select auth.uid()) and v_actor_role is distinct from 'owner'
       and (new.role is distinct from old.role or new.status is distinct from old.status
            or new.custom_permissions is distinct from old.custom_permissions) then
      raise exception 'You cannot change your own role, status or permissions.' using errcode = 'OFFRB';
    end if;
  end if;
  return coalesce(new, old);
end;
$$;
create trigger organization_members_guard before update or delete on public.organization_members
  for each row execute function private.guard_member_change();

create or replace function private.ensure_active_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := coalesce(new.organization_id, old.organization_id);
begin
  -- A deleted user's memberships go with them (the cascade); everything else must keep an owner.
  if exists (select 1 from public.organizations where id = v_org)
     and exists (select 1 from auth.users where id = coalesce(new.user_id, old.user_id))
     and not exists (select 1 from public.organization_members
                     where organization_id = v_org and role = 'owner' and status = 'active') then
    raise exception 'An organization needs at least one active owner. Make someone else an owner first.'
      using errcode = 'OFVAL';
  end if;
  return null;
end;
$$;
-- Deferred, so that a transfer of ownership can swap two roles in one transaction.
create constraint trigger organization_members_keep_owner
  after update or delete on public.organization_members
  deferrable initially deferred
  for each row execute function private.ensure_active_owner();

-- Before-row triggers run ahead of RLS's WITH CHECK; those that look at other rows first make sure
-- the user may write here at all, so nobody learns anything about another organization.
create or replace function private.require_permission(p_organization_id uuid, p_resource text, p_action public.permission_action)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if coalesce((select auth.role()), '') = 'authenticated'
     and not private.has_permission(p_organization_id, p_resource, p_action) then
    raise exception 'new row violates row-level security policy' using errcode = '42501';
  end if;
end;
$$;

-- Plan limit on members: counted when inviting (members + open invitations) and when joining.
create or replace function private.check_member_limit(p_organization_id uuid, p_include_open_invitations boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_max int;
  v_used int;
begin
  select max_users into v_max from public.organizations where id = p_organization_id for update;
  select count(*) into v_used from public.organization_members
  where organization_id = p_organization_id and status in ('active', 'invited');
  if p_include_open_invitations then
    v_used := v_used + (select count(*) from public.invitations
                        where organization_id = p_organization_id and accepted_at is null
                          and revoked_at is null and declined_at is null and expires_at > now());
  end if;
  if v_used >= v_max then
    raise exception 'Your plan allows % member(s) and this organization has reached that limit. Upgrade the plan or remove someone first.', v_max
      using errcode = 'OFLIM';
  end if;
end;
$$;

create or replace function private.invitations_check_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_permission(new.organization_id, 'members', 'create');
  perform private.check_member_limit(new.organization_id, true);
  if exists (select 1 from public.organization_members m join auth.users u on u.id = m.user_id
             where m.organization_id = new.organization_id and lower(u.email) = lower(new.email::text)) then
    raise exception '% is already a member of this organization.', new.email using errcode = 'OFCNF';
  end if;
  return new;
end;
$$;
create trigger invitations_check_limit before insert on public.invitations
  for each row execute function private.invitations_check_limit();

-- A team member linked to a login must be a member of the same organization.
create or replace function private.team_members_check_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_permission(new.organization_id, 'team_members',
                                     case when tg_op = 'INSERT' then 'create' else 'update' end::public.permission_action);
  if new.user_id is not null and not exists (
    select 1 from public.organization_members where organization_id = new.organization_id and user_id = new.user_id
  ) then
    raise exception 'Only members of this organization can be linked to a team member.' using errcode = 'OFVAL';
  end if;
  return new;
end;
$$;
create trigger team_members_check_user before insert or update of user_id, organization_id on public.team_members
  for each row execute function private.team_members_check_user();

-- ---------------------------------------------------------------------------------------------
-- Flows as functions (security definer: they do what a plain insert may not, after checking)

create or replace function private.slugify(p_text text)
returns text
language sql
immutable
set search_path = ''
as $$
  select left(trim(both '-' from regexp_replace(lower(coalesce(p_text, '')), '[^a-z0-9]+', '-', 'g')), 50)
$$;

create or replace function private.create_organization_for(p_user_id uuid, p_name text, p_slug text)
returns public.organizations
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org public.organizations;
  v_slug text := p_slug;
begin
  if p_name is null or char_length(btrim(p_name)) not between 2 and 255 then
    raise exception 'The organization name must be 2 to 255 characters long.' using errcode = 'OFVAL';
  end if;
  if v_slug is null then
    v_slug := private.slugify(p_name);
    if char_length(v_slug) < 3 then
      v_slug := v_slug || '-org';
    end if;
    if exists (select 1 from public.organizations where slug = v_slug) then
      v_slug := left(v_slug, 50) || '-' || substr(md5(random()::text), 1, 6);
    end if;
  elsif v_slug !~ '^[a-z0-9-]+$' or char_length(v_slug) not between 3 and 63 then
    raise exception 'The URL name must be 3 to 63 characters: lowercase letters, digits and hyphens.' using errcode = 'OFVAL';
  elsif exists (select 1 from public.organizations where slug = v_slug) then
    raise exception 'The URL name "%" is taken. Try another.', v_slug using errcode = 'OFCNF';
  end if;
  insert into public.organizations (name, slug, created_by) values (btrim(p_name), v_slug, p_user_id)
  returning * into v_org;
  insert into public.organization_members (organization_id, user_id, role, status)
  values (v_org.id, p_user_id, 'owner', 'active');
  return v_org;
end;
$$;
revoke all on function private.create_organization_for(uuid, text, text) from public, anon, authenticated;

create or replace function public.create_organization(p_name text, p_slug text default null)
returns public.organizations
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'Sign in to create an organization.' using errcode = 'OFFRB';
  end if;
  return private.create_organization_for((select auth.uid()), p_name, p_slug);
end;
$$;
revoke all on function public.create_organization(text, text) from public, anon;
grant execute on function public.create_organization(text, text) to authenticated;

-- Every user lands in an organization: sign-up creates a personal one with them as owner.
create or replace function private.handle_new_user_organization()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text := coalesce(nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
                          nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
                          split_part(coalesce(new.email, 'My'), '@', 1));
begin
  perform private.create_organization_for(new.id, left(v_name, 230) || '''s workspace', null);
  return new;
end;
$$;
create trigger on_auth_user_created_organization
  after insert on auth.users
  for each row execute function private.handle_new_user_organization();

-- Invitations: the invitee sees what they were invited to by the token alone.
create or replace function public.get_invitation(p_token text)
returns table (organization_name text, organization_slug text, email text, role public.organization_role,
               invited_by_name text, status text, expires_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select o.name, o.slug, i.email::text, i.role,
         coalesce(p.display_name, p.email),
         case when i.accepted_at is not null then 'accepted'
              when i.revoked_at is not null then 'revoked'
              when i.declined_at is not null then 'declined'
              when i.expires_at <= now() then 'expired'
              else 'pending' end,
         i.expires_at
  from public.invitations i
  join public.organizations o on o.id = i.organization_id
  left join public.profiles p on p.id = i.invited_by
  where i.token_hash = encode(extensions.digest(p_token, 'sha256'), 'hex')
$$;
revoke all on function public.get_invitation(text) from public;
grant execute on function public.get_invitation(text) to anon, authenticated;

create or replace function private.open_invitation(p_token text)
returns public.invitations
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_inv public.invitations;
begin
  select * into v_inv from public.invitations
  where token_hash = encode(extensions.digest(p_token, 'sha256'), 'hex') for update;
  if not found then
    raise exception 'This invitation link is not valid. Ask for a new invitation.' using errcode = 'OFNFD';
  elsif v_inv.accepted_at is not null then
    raise exception 'This invitation has already been used.' using errcode = 'OFGON';
  elsif v_inv.revoked_at is not null then
    raise exception 'This invitation was withdrawn. Ask for a new invitation.' using errcode = 'OFGON';
  elsif v_inv.declined_at is not null then
    raise exception 'This invitation was declined.' using errcode = 'OFGON';
  elsif v_inv.expires_at <= now() then
    raise exception 'This invitation expired on %. Ask for a new invitation.', to_char(v_inv.expires_at, 'YYYY-MM-DD')
      using errcode = 'OFGON';
  elsif lower(coalesce((select auth.email()), '')) <> lower(v_inv.email::text) then
    raise exception 'This invitation is for %. Sign in with that email address to accept it.', v_inv.email
      using errcode = 'OFFRB';
  end if;
  return v_inv;
end;
$$;
revoke all on function private.open_invitation(text) from public, anon, authenticated;

create or replace function public.accept_invitation(p_token text)
returns public.organizations
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_inv public.invitations := private.open_invitation(p_token);
  v_org public.organizations;
begin
  perform private.check_member_limit(v_inv.organization_id, false);
  insert into public.organization_members (organization_id, user_id, role, status, invited_by)
  values (v_inv.organization_id, (select auth.uid()), v_inv.role, 'active', v_inv.invited_by)
  on conflict (organization_id, user_id) do nothing;
  if not found then
    raise exception 'You are already a member of this organization.' using errcode = 'OFCNF';
  end if;
  update public.invitations set accepted_at = now(), accepted_by = (select auth.uid()) where id = v_inv.id;
  select * into v_org from public.organizations where id = v_inv.organization_id;
  return v_org;
end;
$$;

create or replace function public.decline_invitation(p_token text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_inv public.invitations := private.open_invitation(p_token);
begin
  update public.invitations set declined_at = now() where id = v_inv.id;
end;
$$;
revoke all on function public.accept_invitation(text), public.decline_invitation(text) from public, anon;
grant execute on function public.accept_invitation(text), public.decline_invitation(text) to authenticated;

-- Transfer of ownership: the new owner must be an active member; the old owner stays as an
-- administrator.
create or replace function public.transfer_ownership(p_organization_id uuid, p_new_owner uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.member_role(p_organization_id) is distinct from 'owner' then
    raise exception 'Only an owner can transfer ownership.' using errcode = 'OFFRB';
  end if;
  if p_new_owner = (select auth.uid()) then
    raise exception 'You already own this organization.' using errcode = 'OFVAL';
  end if;
  update public.organization_members set role = 'owner'
  where organization_id = p_organization_id and user_id = p_new_owner and status = 'active';
  if not found then
    raise exception 'The new owner must be an active member of the organization.' using errcode = 'OFVAL';
  end if;
  update public.organization_members set role = 'administrator'
  where organization_id = p_organization_id and user_id = (select auth.uid());
end;
$$;
revoke all on function public.transfer_ownership(uuid, uuid) from public, anon;
grant execute on function public.transfer_ownership(uuid, uuid) to authenticated;

-- API keys: the secret is generated by the app and only its hash arrives here. Every permission
-- must be one its creator holds now.
create or replace function public.create_api_key(
  p_organization_id uuid, p_name text, p_prefix text, p_key_hash text, p_permissions text[],
  p_expires_at timestamptz default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_perm text;
begin
  if not private.has_permission(p_organization_id, 'api_keys', 'create') then
    raise exception 'You do not have permission to create API keys here.' using errcode = 'OFFRB';
  end if;
  if coalesce(array_length(p_permissions, 1), 0) = 0 then
    raise exception 'Choose at least one permission for the key.' using errcode = 'OFVAL';
  end if;
  foreach v_perm in array p_permissions loop
    if v_perm !~ '^[a-z_]+:(create|read|update|delete|approve)$'
       or not exists (select 1 from public.permission_resources where resource = split_part(v_perm, ':', 1)) then
      raise exception 'Unknown permission "%".', v_perm using errcode = 'OFVAL';
    end if;
    if not private.has_permission(p_organization_id, split_part(v_perm, ':', 1),
                                  split_part(v_perm, ':', 2)::public.permission_action) then
      raise exception 'A key cannot have a permission you do not have yourself (%).', v_perm using errcode = 'OFFRB';
    end if;
  end loop;
  if p_expires_at is not null and p_expires_at <= now() then
    raise exception 'The expiry date must be in the future.' using errcode = 'OFVAL';
  end if;
  insert into public.api_keys (organization_id, name, prefix, key_hash, permissions, created_by, expires_at)
  values (p_organization_id, btrim(p_name), p_prefix, p_key_hash,
          (select array_agg(distinct x order by x) from unnest(p_permissions) x), (select auth.uid()), p_expires_at)
  returning id into v_id;
  return v_id;
end;
$$;
revoke all on function public.create_api_key(uuid, text, text, text, text[], timestamptz) from public, anon;
grant execute on function public.create_api_key(uuid, text, text, text, text[], timestamptz) to authenticated;

-- Whether another organization already uses a slug (RLS hides other organizations, so a user
-- could not otherwise be told why their choice fails).
create or replace function private.slug_taken(p_slug text, p_except uuid default null)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.organizations where slug = p_slug and id is distinct from p_except)
$$;
revoke all on function private.slug_taken(text, uuid) from public, anon;
grant execute on function private.slug_taken(text, uuid) to authenticated;

-- Names and emails of an organization's members, for those who may read its members. Profiles
-- themselves stay private to their owner; this is the one window onto them.
create or replace function private.member_directory(p_organization_id uuid)
returns table (id uuid, email text, display_name text, avatar_url text)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.email, p.display_name, p.avatar_url
  from public.organization_members m
  join public.profiles p on p.id = m.user_id
  where m.organization_id = p_organization_id
    and private.has_permission(p_organization_id, 'members', 'read')
$$;
revoke all on function private.member_directory(uuid) from public, anon;
grant execute on function private.member_directory(uuid) to authenticated;

-- Plan limits for countable things (workflows, bots, documents …), enforced in the database so no
-- code path can skip them. Attach to a table as
--   create trigger <t>_plan_limit before insert on public.<t> for each row
--     execute function private.enforce_plan_limit('max_workflows', 'workflows'[, '<sql filter>']);
-- The optional filter says which rows count (e.g. status <> 'archived').
create or replace function private.enforce_plan_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_limit_column text := tg_argv[0];
  v_label text := tg_argv[1];
  v_filter text := coalesce(nullif(tg_argv[2], ''), 'true');
  v_max int;
  v_used int;
  v_plan text;
begin
  -- Locking the organization row serialises concurrent inserts, so two at once cannot both pass.
  execute format('select %I, subscription_plan from public.organizations where id = $1 for update', v_limit_column)
    into v_max, v_plan using new.organization_id;
  if v_max is null then
    return new;
  end if;
  execute format('select count(*) from %I.%I where organization_id = $1 and (%s)', tg_table_schema, tg_table_name, v_filter)
    into v_used using new.organization_id;
  if v_used >= v_max then
    raise exception 'Your % plan allows % %. Upgrade your plan to add more.', initcap(v_plan), v_max, v_label
      using errcode = 'OFLIM';
  end if;
  return new;
end;
$$;
