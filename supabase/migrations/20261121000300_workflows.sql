-- Workflows (issue #4): automations drawn on the canvas, the versions published from them, and
-- templates to start from. A workflow's `definition` is React Flow's own shape
-- ({nodes, edges, viewport}); the app validates it (lib/workflows) and the database keeps its
-- shape sane, its history immutable and its plan limit honest.

-- ---------------------------------------------------------------------------------------------
-- Workflows: the draft being edited, plus a pointer to the version that runs.

create table public.workflows (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 2000),
  definition jsonb not null default '{"nodes": [], "edges": [], "viewport": {"x": 0, "y": 0, "zoom": 1}}'::jsonb
    check (jsonb_typeof(definition) = 'object'
           and jsonb_typeof(definition -> 'nodes') = 'array'
           and jsonb_typeof(definition -> 'edges') = 'array'
           and octet_length(definition::text) <= 2097152),
  -- draft: never published; active: its published version runs; paused: published, not running;
  -- archived: kept for the record, out of the plan's count.
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'archived')),
  -- What starts the published version, copied from its trigger step when publishing, so the
  -- engine can find workflows by trigger without reading every definition.
  trigger_type text check (trigger_type in ('manual', 'webhook', 'schedule', 'event')),
  trigger_config jsonb not null default '{}'::jsonb check (jsonb_typeof(trigger_config) = 'object'),
  created_by uuid references auth.users (id) on delete set null,
  -- Optimistic concurrency: bumped by a trigger on every save of the draft; a save names the
  -- version it started from and fails when someone else saved in between.
  version int not null default 1 check (version > 0),
  published_version_id uuid,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- For the composite foreign key of workflow_versions (a version stays in its workflow's organization).
  unique (id, organization_id),
  check (status in ('draft', 'archived') or published_version_id is not null)
);
create index workflows_organization_id_idx on public.workflows (organization_id, updated_at desc);
create index workflows_organization_status_idx on public.workflows (organization_id, status);
create index workflows_created_by_idx on public.workflows (created_by);
create index workflows_published_version_id_idx on public.workflows (published_version_id);
create index workflows_trigger_type_idx on public.workflows (trigger_type) where status = 'active';

-- ---------------------------------------------------------------------------------------------
-- Versions: an immutable snapshot of the definition at every publish.

create table public.workflow_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  workflow_id uuid not null,
  version int not null check (version > 0),
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  created_by uuid references auth.users (id) on delete set null,
  -- The publisher's name at the time, so the history reads well after they leave.
  author_name text,
  note text check (note is null or char_length(note) <= 500),
  created_at timestamptz not null default now(),
  unique (workflow_id, version),
  foreign key (workflow_id, organization_id) references public.workflows (id, organization_id) on delete cascade
);
create index workflow_versions_organization_id_idx on public.workflow_versions (organization_id);
create index workflow_versions_workflow_org_idx on public.workflow_versions (workflow_id, organization_id);
create index workflow_versions_created_by_idx on public.workflow_versions (created_by);

alter table public.workflows
  add constraint workflows_published_version_id_fkey
  foreign key (published_version_id) references public.workflow_versions (id) on delete set null;

-- ---------------------------------------------------------------------------------------------
-- Templates: public ones (organization_id null) shipped below; organizations add their own.

create table public.workflow_templates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  category text not null default 'General' check (char_length(btrim(category)) between 1 and 60),
  description text not null default '' check (char_length(description) <= 2000),
  definition jsonb not null
    check (jsonb_typeof(definition) = 'object'
           and jsonb_typeof(definition -> 'nodes') = 'array'
           and jsonb_typeof(definition -> 'edges') = 'array'
           and octet_length(definition::text) <= 2097152),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workflow_templates_organization_id_idx on public.workflow_templates (organization_id, category, name);
create index workflow_templates_public_idx on public.workflow_templates (category, name) where organization_id is null;
create index workflow_templates_created_by_idx on public.workflow_templates (created_by);

-- ---------------------------------------------------------------------------------------------
-- Rules

-- New workflows start as drafts by their creator; the version counter and the publishing
-- columns are the database's to keep, not the client's.
create or replace function private.workflows_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- Runs ahead of RLS's WITH CHECK and of the plan-limit trigger: nobody learns anything about
    -- an organization they may not add workflows to.
    perform private.require_permission(new.organization_id, 'workflows', 'create');
    new.created_by := coalesce((select auth.uid()), new.created_by);
    new.version := 1;
    if coalesce((select auth.role()), '') = 'authenticated' then
      new.status := 'draft';
      new.published_version_id := null;
      new.published_at := null;
      new.trigger_type := null;
      new.trigger_config := '{}'::jsonb;
    end if;
  elsif new.status in ('active', 'paused') and new.published_version_id is null then
    raise exception 'Publish the workflow before turning it on.' using errcode = 'OFVAL';
  end if;
  return new;
end;
$$;
create trigger workflows_before_write before insert or update on public.workflows
  for each row execute function private.workflows_before_write();

-- Every save of the draft (name, description or definition written) is a new version of it, so a
-- save that names an older version is refused even when the newer one changed nothing.
create or replace function private.workflows_bump_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  return new;
end;
$$;
create trigger workflows_bump_version before update of name, description, definition on public.workflows
  for each row execute function private.workflows_bump_version();

create trigger workflows_plan_limit before insert on public.workflows
  for each row execute function private.enforce_plan_limit('max_workflows', 'workflows', 'status <> ''archived''');
-- Taking a workflow out of the archive counts against the limit as creating one does.
create trigger workflows_plan_limit_unarchive before update of status on public.workflows
  for each row when (old.status = 'archived' and new.status <> 'archived')
  execute function private.enforce_plan_limit('max_workflows', 'workflows', 'status <> ''archived''');

-- Versions are written once, by publish_workflow(), and never changed; they go only with their
-- workflow or organization.
create or replace function private.forbid_workflow_version_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and (not exists (select 1 from public.workflows where id = old.workflow_id)
                           or not exists (select 1 from public.organizations where id = old.organization_id)) then
    return old;
  end if;
  raise exception 'Published versions cannot be changed or deleted.' using errcode = 'OFFRB';
end;
$$;
create trigger workflow_versions_immutable before update or delete on public.workflow_versions
  for each row execute function private.forbid_workflow_version_change();
create trigger workflow_versions_no_truncate before truncate on public.workflow_versions
  for each statement execute function private.forbid_workflow_version_change();

create or replace function private.workflow_templates_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.created_by := coalesce((select auth.uid()), new.created_by);
  end if;
  return new;
end;
$$;
create trigger workflow_templates_before_write before insert on public.workflow_templates
  for each row execute function private.workflow_templates_before_write();

-- ---------------------------------------------------------------------------------------------
-- Row-level security and grants

select private.setup_tenant_table('public.workflows', 'workflows');
-- Users write the draft; the rest is kept by the triggers and publish_workflow().
revoke insert, update on public.workflows from authenticated;
grant insert (organization_id, name, description, definition) on public.workflows to authenticated;
grant update (name, description, definition, status) on public.workflows to authenticated;

-- Autosaves of the draft are not audited (the draft changes every few seconds and can be large):
-- creating, renaming, pausing, archiving, publishing and deleting are, and every published
-- definition is kept in workflow_versions.
drop trigger workflows_audit on public.workflows;
create trigger workflows_audit after insert or delete on public.workflows
  for each row execute function private.audit_row_change();
create trigger workflows_audit_update after update on public.workflows
  for each row
  when ((old.name, old.description, old.status, old.published_version_id)
        is distinct from (new.name, new.description, new.status, new.published_version_id))
  execute function private.audit_row_change();

select private.setup_tenant_table('public.workflow_versions', 'workflows');
-- The workflow's audited update (published_version_id) records each publish; the snapshot itself
-- is not copied into the audit log.
drop trigger workflow_versions_audit on public.workflow_versions;
-- Read through the permission function like any tenant table; written only by publish_workflow().
drop policy "workflow_versions: create" on public.workflow_versions;
drop policy "workflow_versions: update" on public.workflow_versions;
drop policy "workflow_versions: delete" on public.workflow_versions;
revoke insert, update, delete, truncate on public.workflow_versions from authenticated;

-- Templates: public ones are readable by every signed-in user and writable by nobody; an
-- organization's own follow its workflows permissions.
alter table public.workflow_templates enable row level security;
create policy "workflow_templates: read" on public.workflow_templates for select to authenticated
  using (organization_id is null
         or organization_id in (select private.permitted_organizations('workflows', 'read')));
create policy "workflow_templates: create" on public.workflow_templates for insert to authenticated
  with check (organization_id in (select private.permitted_organizations('workflows', 'create')));
create policy "workflow_templates: update" on public.workflow_templates for update to authenticated
  using (organization_id in (select private.permitted_organizations('workflows', 'update')))
  with check (organization_id in (select private.permitted_organizations('workflows', 'update')));
create policy "workflow_templates: delete" on public.workflow_templates for delete to authenticated
  using (organization_id in (select private.permitted_organizations('workflows', 'delete')));
revoke all on public.workflow_templates from anon;
revoke insert, update on public.workflow_templates from authenticated;
grant insert (organization_id, name, category, description, definition) on public.workflow_templates to authenticated;
grant update (name, category, description, definition) on public.workflow_templates to authenticated;
create trigger workflow_templates_touch_updated_at before update on public.workflow_templates
  for each row execute function private.touch_updated_at();
create trigger workflow_templates_audit after insert or update or delete on public.workflow_templates
  for each row execute function private.audit_row_change();

-- ---------------------------------------------------------------------------------------------
-- Publishing: snapshot the saved draft as the next version and make it the one that runs.
-- The app validates the graph first and names the draft version it validated; if the draft
-- changed since (another editor), nothing is published.

create or replace function public.publish_workflow(p_workflow_id uuid, p_expected_version int, p_note text default null)
returns public.workflow_versions
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows;
  v_version public.workflow_versions;
  v_trigger jsonb;
  v_author text;
begin
  select * into v_workflow from public.workflows where id = p_workflow_id for update;
  if not found or not private.has_permission(v_workflow.organization_id, 'workflows', 'read') then
    raise exception 'This workflow does not exist or was deleted.' using errcode = 'OFNFD';
  end if;
  if not private.has_permission(v_workflow.organization_id, 'workflows', 'update') then
    raise exception 'You do not have permission to publish workflows here.' using errcode = 'OFFRB';
  end if;
  if v_workflow.status = 'archived' then
    raise exception 'This workflow is archived. Restore it before publishing.' using errcode = 'OFVAL';
  end if;
  if v_workflow.version <> p_expected_version then
    raise exception 'Someone else changed this workflow since you opened it. Reload to see their changes.'
      using errcode = 'OFCNF';
  end if;
  if p_note is not null and char_length(btrim(p_note)) > 500 then
    raise exception 'Keep the note under 500 characters.' using errcode = 'OFVAL';
  end if;
  select n into v_trigger
  from jsonb_array_elements(v_workflow.definition -> 'nodes') as n
  where n ->> 'type' in ('manual', 'webhook', 'schedule', 'event')
  limit 1;
  if v_trigger is null then
    raise exception 'Add a trigger before publishing.' using errcode = 'OFVAL';
  end if;
  select coalesce(nullif(btrim(p.display_name), ''), p.email) into v_author
  from public.profiles p where p.id = (select auth.uid());

  insert into public.workflow_versions (organization_id, workflow_id, version, definition, created_by, author_name, note)
  values (v_workflow.organization_id, v_workflow.id,
          coalesce((select max(version) from public.workflow_versions where workflow_id = v_workflow.id), 0) + 1,
          v_workflow.definition, (select auth.uid()), v_author, nullif(btrim(p_note), ''))
  returning * into v_version;

  update public.workflows
  set published_version_id = v_version.id,
      published_at = v_version.created_at,
      status = case when status = 'paused' then 'paused' else 'active' end,
      trigger_type = v_trigger ->> 'type',
      trigger_config = coalesce(v_trigger #> '{data,config}', '{}'::jsonb)
  where id = v_workflow.id;
  return v_version;
end;
$$;
revoke all on function public.publish_workflow(uuid, int, text) from public, anon;
grant execute on function public.publish_workflow(uuid, int, text) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Public templates (their definitions pass the app's validation: tests/db/workflows.db.test.ts).

insert into public.workflow_templates (id, name, category, description, definition) values
  ('6f0c1e6a-0000-4000-8000-000000000001', 'Webhook → notify', 'Notifications', 'Tell your team in Orgflow whenever another system posts to the workflow''s webhook.',
   '{"nodes":[{"id":"webhook_1","type":"webhook","position":{"x":0,"y":0},"data":{"config":{"method":"POST","require_secret":true,"sample_body":"{\"name\":\"Ana Silva\",\"email\":\"ana@example.com\",\"message\":\"Hello!\"}"}}},{"id":"notify_1","type":"notify","position":{"x":320,"y":0},"data":{"config":{"audience":"administrators","title":"New request from {{ trigger.body.name }}","message":"{{ trigger.body.email }} wrote: {{ trigger.body.message }}","link":""}}}],"edges":[{"id":"webhook_1.out->notify_1.in","source":"webhook_1","sourceHandle":"out","target":"notify_1","targetHandle":"in"}],"viewport":{"x":80,"y":200,"zoom":0.9}}'),
  ('6f0c1e6a-0000-4000-8000-000000000002', 'New GHL contact → tag + email', 'GoHighLevel', 'Tag every new GoHighLevel contact as a new lead and send them a welcome email.',
   '{"nodes":[{"id":"event_1","type":"event","position":{"x":0,"y":0},"data":{"config":{"event":"contact.created","status":"any"}}},{"id":"ghl_1","type":"ghl","position":{"x":320,"y":0},"data":{"label":"Tag as new lead","config":{"operation":"add_tag","contact_id":"{{ trigger.contact.id }}","tags":"new-lead"}}},{"id":"send_email_1","type":"send_email","position":{"x":640,"y":0},"data":{"label":"Welcome email","config":{"to":"{{ trigger.contact.email }}","subject":"Welcome, {{ trigger.contact.first_name }}!","body":"Hi {{ trigger.contact.first_name }},\n\nThanks for reaching out to {{ org.name }}. We''ll be in touch shortly.\n\nThe {{ org.name }} team","reply_to":""}}}],"edges":[{"id":"event_1.out->ghl_1.in","source":"event_1","sourceHandle":"out","target":"ghl_1","targetHandle":"in"},{"id":"ghl_1.out->send_email_1.in","source":"ghl_1","sourceHandle":"out","target":"send_email_1","targetHandle":"in"}],"viewport":{"x":80,"y":200,"zoom":0.9}}'),
  ('6f0c1e6a-0000-4000-8000-000000000003', 'Payment received → Slack-style HTTP notify', 'Payments', 'Post every payment to a Slack (or Teams, Discord …) incoming webhook. Paste your own webhook URL.',
   '{"nodes":[{"id":"event_1","type":"event","position":{"x":0,"y":0},"data":{"config":{"event":"payment.received","status":"any"}}},{"id":"http_request_1","type":"http_request","position":{"x":320,"y":0},"data":{"label":"Post to Slack","config":{"method":"POST","url":"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX","headers":[{"key":"Content-Type","value":"application/json"}],"body":"{\"text\": \"Payment received: {{ trigger.payment.amount }} {{ trigger.payment.currency }} from {{ trigger.contact.email }}\"}","timeout_seconds":10,"fail_on_error_status":true}}}],"edges":[{"id":"event_1.out->http_request_1.in","source":"event_1","sourceHandle":"out","target":"http_request_1","targetHandle":"in"}],"viewport":{"x":80,"y":200,"zoom":0.9}}'),
  ('6f0c1e6a-0000-4000-8000-000000000004', 'Qualify new leads with AI', 'AI', 'Score each new contact with an AI agent and tag the promising ones as hot leads.',
   '{"nodes":[{"id":"event_1","type":"event","position":{"x":0,"y":0},"data":{"config":{"event":"contact.created","status":"any"}}},{"id":"ai_agent_1","type":"ai_agent","position":{"x":320,"y":0},"data":{"label":"Score the lead","config":{"model":"gpt-4o-mini","system":"You qualify sales leads for {{ org.name }}. Be strict and brief.","prompt":"Rate this lead from 0 to 100.\nName: {{ trigger.contact.first_name }} {{ trigger.contact.last_name }}\nEmail: {{ trigger.contact.email }}\nSource: {{ trigger.contact.source }}","temperature":0.2,"output_format":"json","output_schema":[{"name":"score","type":"number","description":"0 to 100"},{"name":"reason","type":"string","description":"One sentence"}]}}},{"id":"condition_1","type":"condition","position":{"x":640,"y":0},"data":{"label":"Score above 70?","config":{"combinator":"all","rules":[{"left":"{{ steps.ai_agent_1.output.data.score }}","operator":"greater_than","right":"70"}]}}},{"id":"ghl_1","type":"ghl","position":{"x":960,"y":-100},"data":{"label":"Tag as hot lead","config":{"operation":"add_tag","contact_id":"{{ trigger.contact.id }}","tags":"hot-lead"}}},{"id":"end_1","type":"end","position":{"x":960,"y":100},"data":{"config":{"outcome":"completed","message":"Not a hot lead"}}}],"edges":[{"id":"event_1.out->ai_agent_1.in","source":"event_1","sourceHandle":"out","target":"ai_agent_1","targetHandle":"in"},{"id":"ai_agent_1.out->condition_1.in","source":"ai_agent_1","sourceHandle":"out","target":"condition_1","targetHandle":"in"},{"id":"condition_1.true->ghl_1.in","source":"condition_1","sourceHandle":"true","target":"ghl_1","targetHandle":"in"},{"id":"condition_1.false->end_1.in","source":"condition_1","sourceHandle":"false","target":"end_1","targetHandle":"in"}],"viewport":{"x":80,"y":200,"zoom":0.9}}'),
  ('6f0c1e6a-0000-4000-8000-000000000005', 'Weekday order digest', 'Reports', 'Every weekday morning, fetch yesterday''s orders from an API, list them, and send the team a digest.',
   '{"nodes":[{"id":"schedule_1","type":"schedule","position":{"x":0,"y":0},"data":{"config":{"cron":"0 8 * * 1-5","timezone":"UTC"}}},{"id":"http_request_1","type":"http_request","position":{"x":320,"y":0},"data":{"label":"Fetch orders","config":{"method":"GET","url":"https://api.example.com/orders?since=yesterday","headers":[],"body":"","timeout_seconds":10,"fail_on_error_status":true}}},{"id":"loop_1","type":"loop","position":{"x":640,"y":0},"data":{"label":"Each order","config":{"items":"{{ steps.http_request_1.output.body.orders }}","max_items":200}}},{"id":"set_1","type":"set","position":{"x":960,"y":-120},"data":{"label":"Format the line","config":{"fields":[{"name":"line","value":"Order {{ loop.item.id }}: {{ loop.item.total }}"}]}}},{"id":"notify_1","type":"notify","position":{"x":960,"y":120},"data":{"config":{"audience":"everyone","title":"Order digest","message":"{{ steps.loop_1.output.count }} orders came in yesterday.","link":""}}}],"edges":[{"id":"schedule_1.out->http_request_1.in","source":"schedule_1","sourceHandle":"out","target":"http_request_1","targetHandle":"in"},{"id":"http_request_1.out->loop_1.in","source":"http_request_1","sourceHandle":"out","target":"loop_1","targetHandle":"in"},{"id":"loop_1.body->set_1.in","source":"loop_1","sourceHandle":"body","target":"set_1","targetHandle":"in"},{"id":"set_1.out->loop_1.in","source":"set_1","sourceHandle":"out","target":"loop_1","targetHandle":"in"},{"id":"loop_1.done->notify_1.in","source":"loop_1","sourceHandle":"done","target":"notify_1","targetHandle":"in"}],"viewport":{"x":80,"y":200,"zoom":0.9}}');
