-- The workflow engine: executions and their steps (checkpoints), AI agents and their runs,
-- notifications, per-month tenant usage, and the engine's own bookkeeping (worker heartbeats,
-- schedule slots already fired). The queue itself is graphile-worker's schema, which the worker
-- installs on start (`graphile_worker`, not exposed to the API roles).
--
-- Writes to executions, steps, agent runs and usage come from the worker and the trigger
-- endpoints on the service path (which check tenancy themselves); users read them under RLS and
-- act on them through functions (cancel). High-volume tables are not audited: a run updates its
-- rows many times and the audit log is for people's changes.

-- ---------------------------------------------------------------------------------------------
-- Executions and steps

create table public.executions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  -- The version that ran; kept when the version row is pruned.
  workflow_version_id uuid references public.workflow_versions (id) on delete set null,
  status text not null default 'pending'
    check (status in ('pending', 'running', 'waiting', 'completed', 'failed', 'cancelled')),
  trigger_type text not null check (trigger_type in ('manual', 'webhook', 'schedule', 'event', 'api', 'rerun')),
  trigger_input jsonb not null default '{}'::jsonb,
  output jsonb,
  error text,
  -- How many times a worker has (re)started this run: 1 normally, more after a crash or re-queue.
  attempt int not null default 0 check (attempt >= 0),
  -- A test run started from the builder (not counted in dashboards).
  is_test boolean not null default false,
  rerun_of uuid references public.executions (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null,
  -- Engine bookkeeping: which worker holds the run (fencing token) and when it must end.
  lease_token uuid,
  leased_by text,
  deadline_at timestamptz,
  cancel_requested_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  duration_ms int,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index executions_org_created_idx on public.executions (organization_id, created_at desc, id desc);
create index executions_workflow_created_idx on public.executions (workflow_id, created_at desc, id desc);
create index executions_version_idx on public.executions (workflow_version_id);
create index executions_rerun_of_idx on public.executions (rerun_of);
create index executions_created_by_idx on public.executions (created_by);
-- Admission counts the running runs of an organization.
create index executions_org_active_idx on public.executions (organization_id)
  where status in ('running');

create table public.execution_steps (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  execution_id uuid not null references public.executions (id) on delete cascade,
  -- node id, plus "[i]" per enclosing loop iteration: one row per node run.
  step_key text not null check (char_length(step_key) between 1 and 300),
  node_id text not null,
  node_type text not null,
  status text not null default 'running'
    check (status in ('running', 'waiting', 'completed', 'failed', 'skipped')),
  -- The output handle the step chose (condition true/false, switch case, error …).
  handle text,
  input jsonb,
  output jsonb,
  error text,
  attempt int not null default 1 check (attempt >= 1),
  -- Attempts that ended in an error or were cut short by a lost worker, with why.
  retries jsonb not null default '[]'::jsonb,
  logs jsonb not null default '[]'::jsonb,
  sequence int not null default 0,
  wake_at timestamptz,
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  duration_ms int,
  unique (execution_id, step_key)
);
create index execution_steps_org_idx on public.execution_steps (organization_id);

-- ---------------------------------------------------------------------------------------------
-- AI agents and their runs

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text not null default '',
  model text,
  instructions text not null default '',
  config jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
  status text not null default 'active' check (status in ('draft', 'active', 'paused')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index agents_org_idx on public.agents (organization_id, name);
create index agents_created_by_idx on public.agents (created_by);

create table public.agent_executions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  agent_id uuid references public.agents (id) on delete set null,
  execution_id uuid references public.executions (id) on delete cascade,
  step_key text,
  model text not null,
  status text not null check (status in ('completed', 'failed')),
  input jsonb,
  output jsonb,
  error text,
  tokens_in int not null default 0 check (tokens_in >= 0),
  tokens_out int not null default 0 check (tokens_out >= 0),
  cost_usd numeric(18, 10) not null default 0 check (cost_usd >= 0),
  duration_ms int,
  created_at timestamptz not null default now()
);
create index agent_executions_org_idx on public.agent_executions (organization_id, created_at desc);
create index agent_executions_agent_idx on public.agent_executions (agent_id);
create index agent_executions_execution_idx on public.agent_executions (execution_id);

-- ---------------------------------------------------------------------------------------------
-- Notifications: each user reads (and marks read) their own.

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  recipient_user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null default 'workflow' check (char_length(kind) between 1 and 50),
  title text not null check (char_length(title) between 1 and 255),
  message text not null default '' check (char_length(message) <= 5000),
  channel text not null default 'in_app' check (channel in ('in_app', 'email')),
  priority text not null default 'medium' check (priority in ('low', 'medium', 'high', 'urgent')),
  link text,
  execution_id uuid references public.executions (id) on delete set null,
  -- The workflow step that sent it: a step that runs again after a crash does not notify twice.
  step_key text,
  sent_at timestamptz,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_recipient_idx on public.notifications (recipient_user_id, organization_id, created_at desc);
create index notifications_unread_idx on public.notifications (recipient_user_id, organization_id)
  where read_at is null;
create index notifications_org_idx on public.notifications (organization_id);
create unique index notifications_step_idx on public.notifications (execution_id, step_key, recipient_user_id)
  where execution_id is not null and step_key is not null;

-- ---------------------------------------------------------------------------------------------
-- Usage per organization per month (quotas and billing read it)

create table public.tenant_usage (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  period_start date not null,
  executions int not null default 0 check (executions >= 0),
  agent_runs int not null default 0 check (agent_runs >= 0),
  tokens_in bigint not null default 0 check (tokens_in >= 0),
  tokens_out bigint not null default 0 check (tokens_out >= 0),
  cost_usd numeric(18, 10) not null default 0,
  -- When the owner was told the execution quota was reached (once per period).
  quota_notified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, period_start)
);

-- Test URL of a webhook trigger: the last payloads received, for the builder to map fields from.
create table public.webhook_samples (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  content_type text,
  headers jsonb not null default '{}'::jsonb,
  body jsonb,
  received_at timestamptz not null default now()
);
create index webhook_samples_workflow_idx on public.webhook_samples (workflow_id, received_at desc);
create index webhook_samples_org_idx on public.webhook_samples (organization_id);

-- ---------------------------------------------------------------------------------------------
-- RLS

-- Standard policies for the definitions (agents are edited like workflows, and audited).
select private.setup_tenant_table('public.agents', 'workflows');

-- Run history: read with executions:read; deleting history with executions:delete. Everything
-- else is the engine's (service path) or goes through the functions below.
do $$
declare
  t text;
begin
  foreach t in array array['executions', 'execution_steps', 'agent_executions'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format($p$create policy "%s: read" on public.%I for select to authenticated
                     using (organization_id in (select private.permitted_organizations('executions', 'read')))$p$, t, t);
    execute format('revoke all on public.%I from anon', t);
    execute format('revoke insert, update, truncate on public.%I from authenticated', t);
  end loop;
end;
$$;
create policy "executions: delete" on public.executions for delete to authenticated
  using (organization_id in (select private.permitted_organizations('executions', 'delete')));
revoke delete on public.execution_steps, public.agent_executions from authenticated;
create trigger executions_touch_updated_at before update on public.executions
  for each row execute function private.touch_updated_at();

-- Live run history: every status change is announced on the channel "orgflow_executions" (the
-- run page's event stream and the tests LISTEN to it). The payload carries ids only.
create or replace function private.notify_execution_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_notify('orgflow_executions', json_build_object('id', new.id, 'organization_id', new.organization_id,
                                                           'workflow_id', new.workflow_id, 'status', new.status)::text);
  return null;
end;
$$;
create trigger executions_notify after insert or update of status on public.executions
  for each row execute function private.notify_execution_change();

alter table public.notifications enable row level security;
create policy "notifications: own" on public.notifications for select to authenticated
  using (recipient_user_id = (select auth.uid())
         and organization_id in (select private.member_organizations()));
create policy "notifications: mark read" on public.notifications for update to authenticated
  using (recipient_user_id = (select auth.uid())
         and organization_id in (select private.member_organizations()))
  with check (recipient_user_id = (select auth.uid())
              and organization_id in (select private.member_organizations()));
create policy "notifications: dismiss" on public.notifications for delete to authenticated
  using (recipient_user_id = (select auth.uid()));
revoke all on public.notifications from anon;
revoke insert, update, truncate on public.notifications from authenticated;
grant update (read_at) on public.notifications to authenticated;

alter table public.tenant_usage enable row level security;
create policy "tenant_usage: read" on public.tenant_usage for select to authenticated
  using (organization_id in (select private.permitted_organizations('organizations', 'read')));
revoke all on public.tenant_usage from anon;
revoke insert, update, delete, truncate on public.tenant_usage from authenticated;
create trigger tenant_usage_touch_updated_at before update on public.tenant_usage
  for each row execute function private.touch_updated_at();

alter table public.webhook_samples enable row level security;
create policy "webhook_samples: read" on public.webhook_samples for select to authenticated
  using (organization_id in (select private.permitted_organizations('workflows', 'read')));
create policy "webhook_samples: delete" on public.webhook_samples for delete to authenticated
  using (organization_id in (select private.permitted_organizations('workflows', 'update')));
revoke all on public.webhook_samples from anon;
revoke insert, update, truncate on public.webhook_samples from authenticated;

-- Cancelling a run: with executions:update, only while it has not finished. The worker sees
-- cancel_requested_at at its next checkpoint; a run that is not running is cancelled at once.
create or replace function public.cancel_execution(p_execution_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_exec public.executions;
begin
  select * into v_exec from public.executions where id = p_execution_id for update;
  if not found or not private.has_permission(v_exec.organization_id, 'executions', 'read') then
    raise exception 'That run does not exist.' using errcode = 'OFNFD';
  end if;
  if not private.has_permission(v_exec.organization_id, 'executions', 'update') then
    raise exception 'You do not have permission to cancel runs here.' using errcode = 'OFFRB';
  end if;
  if v_exec.status in ('completed', 'failed', 'cancelled') then
    raise exception 'This run has already finished (%).', v_exec.status using errcode = 'OFCNF';
  end if;
  if v_exec.status = 'running' then
    update public.executions set cancel_requested_at = now() where id = p_execution_id;
    return 'cancelling';
  end if;
  update public.executions
  set status = 'cancelled', cancel_requested_at = now(), completed_at = now(), error = 'Cancelled.',
      duration_ms = (extract(epoch from now() - coalesce(started_at, created_at)) * 1000)::int
  where id = p_execution_id;
  return 'cancelled';
end;
$$;
revoke all on function public.cancel_execution(uuid) from public, anon;
grant execute on function public.cancel_execution(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Quota: counting a new execution. Locks the organization row (serialising concurrent starts),
-- rolls the monthly period over, and refuses with OFLIM when the month's quota is used up.
create or replace function private.count_execution(p_organization_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org public.organizations;
  v_period date := date_trunc('month', now())::date;
  v_used int;
begin
  select * into v_org from public.organizations where id = p_organization_id for update;
  if not found or v_org.status <> 'active' then
    raise exception 'This organization cannot run workflows (%).', coalesce(v_org.status, 'missing') using errcode = 'OFFRB';
  end if;
  v_used := case when v_org.usage_period_start < v_period then 0 else v_org.executions_this_month end;
  if v_used >= v_org.max_executions_per_month then
    raise exception 'This organization has used all % workflow runs of its % plan this month. Upgrade the plan or wait until %.',
      v_org.max_executions_per_month, initcap(v_org.subscription_plan),
      to_char((v_period + interval '1 month')::date, 'YYYY-MM-DD')
      using errcode = 'OFLIM';
  end if;
  update public.organizations set executions_this_month = v_used + 1, usage_period_start = v_period
  where id = p_organization_id;
  insert into public.tenant_usage (organization_id, period_start, executions)
  values (p_organization_id, v_period, 1)
  on conflict (organization_id, period_start) do update set executions = public.tenant_usage.executions + 1;
end;
$$;
revoke all on function private.count_execution(uuid) from public, anon, authenticated;
grant execute on function private.count_execution(uuid) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Engine bookkeeping (private: the worker's own state, never exposed)

-- Live worker processes. graphile-worker 0.17 only reclaims a dead worker's jobs after 4 hours
-- (hard-coded); our workers heartbeat here and release the jobs of a worker that stopped
-- heartbeating (graphile_worker.force_unlock_workers) within a minute.
create table private.engine_workers (
  worker_id text primary key,
  process_id text not null,
  heartbeat_at timestamptz not null default now(),
  started_at timestamptz not null default now()
);
create index engine_workers_heartbeat_idx on private.engine_workers (heartbeat_at);

-- One row per (workflow, schedule slot) that fired: the guard that makes a slot fire once, however
-- many workers' schedulers look at it.
create table private.engine_schedule_fires (
  workflow_id uuid not null references public.workflows (id) on delete cascade,
  slot timestamptz not null,
  execution_id uuid,
  fired_at timestamptz not null default now(),
  primary key (workflow_id, slot)
);

revoke all on private.engine_workers, private.engine_schedule_fires from public, anon, authenticated;
grant all on private.engine_workers, private.engine_schedule_fires to service_role;
grant select, insert, update, delete on public.executions, public.execution_steps, public.agent_executions,
  public.notifications, public.tenant_usage, public.webhook_samples, public.agents to service_role;
