-- Blueprints (issue #22, item 3): an organization (an agency) publishes a project, or chosen
-- workflows, bots with their flows and knowledge, agents and commission plans, as a versioned
-- blueprint; another organization installs a version (variables filled in), later updates it to a
-- newer version, or uninstalls it.
--
--   blueprints                 the publisher's blueprint: slug, name, description, category,
--                              private (its own members install it into organizations they belong
--                              to) or public (listed to everyone once the platform approved it)
--   blueprint_versions         immutable: a semantic version, its changelog and the manifest (the
--                              items' content, zod-checked by lib/blueprints/manifest.ts before any
--                              database work, capped here too)
--   installed_blueprints       a version installed in an organization, with the variables given
--   installed_blueprint_items  one row per item the install made: its manifest key, its id, the
--                              hash of its content as installed (to tell the client's edits) and
--                              the hash of the manifest item it came from (to tell upstream changes)
--
-- Installing runs as the installing member: the items are created under their own tables' RLS
-- (workflows:create, bots:create, …) and plan limits, in one transaction. The `blueprints`
-- resource of the one permission matrix decides publishing (in the publisher) and installing,
-- updating and uninstalling (in the installing organization).
--
-- Moderation: a public blueprint is listed only once approved. No user role may approve (the
-- column is not granted); the platform operator does, as service_role. Making a blueprint public
-- again sends it back to pending.

insert into public.permission_resources (resource, label, description, position) values
  ('blueprints', 'Blueprints', 'Publish, install, update and uninstall blueprints', 36);

insert into public.role_permission_defaults (role, resource, action)
select 'administrator'::public.organization_role, 'blueprints', a.action
from unnest(enum_range(null::public.permission_action)) as a (action)
union all
select r.role::public.organization_role, 'blueprints', 'read'::public.permission_action
from unnest(array['sales', 'viewer', 'bot_trainer']) as r (role);

insert into public.role_permissions (organization_id, role, resource, action)
select o.id, d.role, d.resource, d.action
from public.organizations o
cross join public.role_permission_defaults d
where d.resource = 'blueprints'
on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- Blueprints

create table public.blueprints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null check (char_length(btrim(name)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 4000),
  category text not null default 'other'
    check (category in ('lead_generation', 'sales', 'support', 'marketing', 'operations', 'other')),
  visibility text not null default 'private' check (visibility in ('private', 'public')),
  moderation_status text not null default 'pending'
    check (moderation_status in ('pending', 'approved', 'rejected')),
  downloads integer not null default 0 check (downloads >= 0),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  unique (organization_id, slug)
);
create index blueprints_created_by_idx on public.blueprints (created_by);
create index blueprints_listed_idx on public.blueprints (category, downloads desc)
  where visibility = 'public' and moderation_status = 'approved';

select private.setup_tenant_table('public.blueprints', 'blueprints');

-- Anyone signed in reads the approved public ones (the marketplace); the rest by the matrix. One
-- read policy, not two permissive ones (splinter 0006).
drop policy "blueprints: read" on public.blueprints;
create policy "blueprints: read" on public.blueprints for select to authenticated
  using (organization_id in (select private.permitted_organizations('blueprints', 'read'))
         or (visibility = 'public' and moderation_status = 'approved'));

revoke insert, update on public.blueprints from authenticated;
grant insert (organization_id, slug, name, description, category, visibility, created_by)
  on public.blueprints to authenticated;
grant update (name, description, category, visibility) on public.blueprints to authenticated;

create function private.blueprints_moderation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.moderation_status := 'pending';
  elsif new.visibility = 'public' and old.visibility <> 'public' then
    new.moderation_status := 'pending';
  end if;
  return new;
end;
$$;
revoke all on function private.blueprints_moderation() from public, anon, authenticated;
-- The service role (the platform operator) sets the status itself: the trigger leaves its
-- updates alone unless the visibility turns public in the same statement.
create trigger blueprints_moderation before insert or update on public.blueprints
  for each row when (current_user <> 'service_role' and current_user <> 'postgres')
  execute function private.blueprints_moderation();

-- ---------------------------------------------------------------------------------------------
-- Versions: immutable snapshots

create table public.blueprint_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  blueprint_id uuid not null,
  version text not null check (version ~ '^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$'),
  major integer generated always as (split_part(version, '.', 1)::integer) stored,
  minor integer generated always as (split_part(version, '.', 2)::integer) stored,
  patch integer generated always as (split_part(version, '.', 3)::integer) stored,
  changelog text not null default '' check (char_length(changelog) <= 10000),
  manifest jsonb not null
    check (jsonb_typeof(manifest) = 'object' and octet_length(manifest::text) <= 16000000),
  -- What the version holds, for lists: {"workflows": n, "bots": n, "agents": n, "commission_plans": n, "chunks": n}
  summary jsonb not null default '{}'::jsonb
    check (jsonb_typeof(summary) = 'object' and octet_length(summary::text) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (blueprint_id, version),
  foreign key (organization_id, blueprint_id) references public.blueprints (organization_id, id) on delete cascade
);
create index blueprint_versions_org_blueprint_idx on public.blueprint_versions (organization_id, blueprint_id);
create index blueprint_versions_order_idx on public.blueprint_versions (blueprint_id, major desc, minor desc, patch desc);
create index blueprint_versions_created_by_idx on public.blueprint_versions (created_by);

select private.setup_tenant_table('public.blueprint_versions', 'blueprints');

drop policy "blueprint_versions: read" on public.blueprint_versions;
create policy "blueprint_versions: read" on public.blueprint_versions for select to authenticated
  using (organization_id in (select private.permitted_organizations('blueprints', 'read'))
         or blueprint_id in (select b.id from public.blueprints b
                             where b.visibility = 'public' and b.moderation_status = 'approved'));

revoke update on public.blueprint_versions from authenticated;

-- ---------------------------------------------------------------------------------------------
-- Installs

create table public.installed_blueprints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- The publisher's rows may go; the install keeps its name and version.
  blueprint_id uuid references public.blueprints (id) on delete set null,
  blueprint_version_id uuid references public.blueprint_versions (id) on delete set null,
  blueprint_name text not null check (char_length(blueprint_name) between 1 and 120),
  version text not null check (char_length(version) <= 20),
  variables jsonb not null default '{}'::jsonb
    check (jsonb_typeof(variables) = 'object' and octet_length(variables::text) <= 64000),
  installed_by uuid references auth.users (id) on delete set null,
  installed_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);
-- One install of a blueprint per organization: an update moves it to another version.
create unique index installed_blueprints_one_per_org on public.installed_blueprints (organization_id, blueprint_id);
create index installed_blueprints_blueprint_idx on public.installed_blueprints (blueprint_id);
create index installed_blueprints_version_idx on public.installed_blueprints (blueprint_version_id);
create index installed_blueprints_installed_by_idx on public.installed_blueprints (installed_by);

select private.setup_tenant_table('public.installed_blueprints', 'blueprints');

create table public.installed_blueprint_items (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  installed_blueprint_id uuid not null,
  manifest_key text not null check (char_length(manifest_key) between 1 and 200),
  kind text not null check (kind in ('workflow', 'bot', 'agent', 'commission_plan')),
  item_id uuid not null,
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  source_hash text not null check (source_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (installed_blueprint_id, manifest_key),
  foreign key (organization_id, installed_blueprint_id)
    references public.installed_blueprints (organization_id, id) on delete cascade
);
create index installed_blueprint_items_org_install_idx
  on public.installed_blueprint_items (organization_id, installed_blueprint_id);
create index installed_blueprint_items_item_idx on public.installed_blueprint_items (organization_id, kind, item_id);

select private.setup_tenant_table('public.installed_blueprint_items', 'blueprints');

-- Downloads: one per install, counted on the publisher's row (which the installer may not write).
create function private.count_blueprint_download() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.blueprints set downloads = downloads + 1 where id = new.blueprint_id;
  return null;
end;
$$;
revoke all on function private.count_blueprint_download() from public, anon, authenticated;
create trigger installed_blueprints_count_download after insert on public.installed_blueprints
  for each row when (new.blueprint_id is not null) execute function private.count_blueprint_download();

-- The content hashes of installed items, computed where the rows are (a bot's thousands of
-- knowledge chunks never travel to the app to be hashed). jsonb's text form is canonical (keys
-- sorted), so the same content always gives the same hash. Runs as the caller (RLS applies).
create function public.blueprint_item_hashes(p_organization_id uuid, p_kind text, p_ids uuid[])
returns table (item_id uuid, content_hash text)
language sql
stable
security invoker
set search_path = ''
as $$
  select w.id, encode(sha256(convert_to(jsonb_build_object(
           'name', w.name, 'description', w.description, 'definition', w.definition)::text, 'UTF8')), 'hex')
  from public.workflows w
  where p_kind = 'workflow' and w.organization_id = p_organization_id and w.id = any (p_ids)
  union all
  select a.id, encode(sha256(convert_to(jsonb_build_object(
           'name', a.name, 'description', a.description, 'instructions', a.instructions, 'model', a.model,
           'provider', a.provider, 'temperature', a.temperature, 'output_schema', a.output_schema,
           'tools', a.tools)::text, 'UTF8')), 'hex')
  from public.agents a
  where p_kind = 'agent' and a.organization_id = p_organization_id and a.id = any (p_ids)
  union all
  select b.id, encode(sha256(convert_to(jsonb_build_object(
           'name', b.name, 'description', b.description, 'persona', b.persona, 'greeting', b.greeting,
           'fallback_message', b.fallback_message, 'model_settings', b.model_settings, 'language', b.language,
           'flow', (select f.definition from public.chatbot_workflows f where f.bot_id = b.id),
           'documents', (select coalesce(jsonb_agg(jsonb_build_object(
                              'title', d.title,
                              'chunks', (select md5(coalesce(string_agg(md5(c.heading || E'\n' || c.content), '' order by c.position), ''))
                                         from public.document_chunks c where c.document_id = d.id))
                            order by d.title, d.id), '[]'::jsonb)
                         from public.documents d where d.bot_id = b.id))::text, 'UTF8')), 'hex')
  from public.bots b
  where p_kind = 'bot' and b.organization_id = p_organization_id and b.id = any (p_ids)
  union all
  select p.id, encode(sha256(convert_to(jsonb_build_object(
           'name', p.name, 'description', p.description,
           'rules', (select coalesce(jsonb_agg(jsonb_build_object(
                          'name', r.name, 'member_type', r.member_type, 'kind', r.kind,
                          'rate_percent', r.rate_percent, 'flat_amount_minor', r.flat_amount_minor,
                          'quota_minor', r.quota_minor, 'tiers', r.tiers,
                          'accelerator_multiplier', r.accelerator_multiplier,
                          'cap_per_period_minor', r.cap_per_period_minor, 'currency', r.currency,
                          'position', r.position) order by r.position, r.name), '[]'::jsonb)
                     from public.commission_rules r where r.plan_id = p.id))::text, 'UTF8')), 'hex')
  from public.commission_plans p
  where p_kind = 'commission_plan' and p.organization_id = p_organization_id and p.id = any (p_ids);
$$;
revoke all on function public.blueprint_item_hashes(uuid, text, uuid[]) from public, anon;
grant execute on function public.blueprint_item_hashes(uuid, text, uuid[]) to authenticated;
