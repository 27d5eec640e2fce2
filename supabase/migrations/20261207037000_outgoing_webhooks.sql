-- Outgoing webhooks (REST hooks): an organization subscribes URLs to events; each event is written
-- in the transaction that makes it true (an outbox row, by the triggers at the end of this file),
-- and delivered, signed as Stripe signs, by the durable queue (lib/webhooks/delivery.ts).
--
--   webhook_endpoints   the subscribed URLs, their events, the signing secret (encrypted with the
--                       integrations key, so the database alone never holds it in the clear)
--   outgoing_events     one row per event that at least one endpoint wanted (the outbox)
--   webhook_deliveries  one row per event × endpoint (and per replay): status, attempts, the last
--                       answer (HTTP status, duration, the first 2 KB of the body)
--
-- Members manage endpoints by the `webhooks` permission; events and deliveries are written by the
-- system only (security-definer functions, the worker) and read by `webhooks:read`.

insert into public.permission_resources (resource, label, description, position) values
  ('webhooks', 'Webhooks', 'Outgoing webhook endpoints, their signing secrets and deliveries', 145);

insert into public.role_permission_defaults (role, resource, action)
select 'administrator', 'webhooks', a.action
from unnest(enum_range(null::public.permission_action)) as a (action);

insert into public.role_permissions (organization_id, role, resource, action)
select o.id, d.role, d.resource, d.action
from public.organizations o
cross join public.role_permission_defaults d
where d.resource = 'webhooks'
on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- Endpoints

create table public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  url text not null check (char_length(url) between 10 and 2000 and url ~ '^https?://'),
  description text not null default '' check (char_length(description) <= 500),
  events text[] not null check (cardinality(events) between 1 and 50),
  -- AES-256-GCM of the signing secret (lib/integrations/crypto.ts); the UI shows it once.
  secret_ciphertext text not null check (char_length(secret_ciphertext) <= 1000),
  -- The secret's first and last characters, to tell two secrets apart.
  secret_hint text not null check (char_length(secret_hint) <= 40),
  status text not null default 'enabled' check (status in ('enabled', 'disabled')),
  disabled_reason text check (disabled_reason is null or char_length(disabled_reason) <= 500),
  disabled_at timestamptz,
  -- Failing since the first failed attempt after the last success; cleared by a success.
  failing_since timestamptz,
  consecutive_failures int not null default 0 check (consecutive_failures >= 0),
  last_success_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);
create index webhook_endpoints_org_idx on public.webhook_endpoints (organization_id, created_at desc);
create index webhook_endpoints_created_by_idx on public.webhook_endpoints (created_by);

select private.setup_tenant_table('public.webhook_endpoints', 'webhooks');

-- Counters and the disabled state follow deliveries (the system), never a member's edit; a member
-- re-enabling an endpoint starts it afresh.
create or replace function private.guard_webhook_endpoint()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = 'authenticated' then
    if tg_op = 'INSERT' then
      new.status := 'enabled';
      new.disabled_reason := null;
      new.disabled_at := null;
      new.failing_since := null;
      new.consecutive_failures := 0;
      new.last_success_at := null;
      new.created_by := (select auth.uid());
    else
      new.failing_since := old.failing_since;
      new.consecutive_failures := old.consecutive_failures;
      new.last_success_at := old.last_success_at;
      new.created_by := old.created_by;
      if new.status = 'enabled' and old.status = 'disabled' then
        new.failing_since := null;
        new.consecutive_failures := 0;
      end if;
      if new.status is distinct from old.status then
        new.disabled_at := case when new.status = 'disabled' then now() end;
        new.disabled_reason := case when new.status = 'disabled' then 'Disabled by a member.' end;
      else
        new.disabled_at := old.disabled_at;
        new.disabled_reason := old.disabled_reason;
      end if;
    end if;
  end if;
  return new;
end;
$$;

create trigger webhook_endpoints_guard before insert or update on public.webhook_endpoints
  for each row execute function private.guard_webhook_endpoint();

-- ---------------------------------------------------------------------------------------------
-- Events (the outbox) and deliveries

create table public.outgoing_events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  type text not null check (type ~ '^[a-z_]+\.[a-z_]+$' and char_length(type) <= 100),
  -- The object the event is about, as documented in docs/webhooks.md.
  data jsonb not null check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 64000),
  created_at timestamptz not null default now(),
  unique (organization_id, id)
);
create index outgoing_events_org_created_idx on public.outgoing_events (organization_id, created_at desc);
create index outgoing_events_created_idx on public.outgoing_events (created_at);

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  endpoint_id uuid not null,
  event_id uuid not null,
  -- A replay is a new delivery of the same event, made by a member.
  replay_of uuid references public.webhook_deliveries (id) on delete set null,
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'retrying', 'succeeded', 'failed')),
  attempts int not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  -- A worker holds the delivery while it sends (a lease, so a lost worker does not stall it).
  locked_until timestamptz,
  last_attempt_at timestamptz,
  response_status int,
  response_body text check (response_body is null or char_length(response_body) <= 2048),
  duration_ms int,
  error text check (error is null or char_length(error) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, endpoint_id) references public.webhook_endpoints (organization_id, id) on delete cascade,
  foreign key (organization_id, event_id) references public.outgoing_events (organization_id, id) on delete cascade
);
create index webhook_deliveries_endpoint_idx on public.webhook_deliveries (endpoint_id, created_at desc, id desc);
create index webhook_deliveries_event_idx on public.webhook_deliveries (event_id);
create index webhook_deliveries_org_idx on public.webhook_deliveries (organization_id);
create index webhook_deliveries_replay_idx on public.webhook_deliveries (replay_of);
create index webhook_deliveries_due_idx on public.webhook_deliveries (next_attempt_at)
  where status in ('pending', 'retrying', 'sending');

alter table public.outgoing_events enable row level security;
alter table public.webhook_deliveries enable row level security;
create policy "outgoing_events: read" on public.outgoing_events for select to authenticated
  using (organization_id in (select private.permitted_organizations('webhooks', 'read')));
create policy "webhook_deliveries: read" on public.webhook_deliveries for select to authenticated
  using (organization_id in (select private.permitted_organizations('webhooks', 'read')));
revoke all on public.outgoing_events, public.webhook_deliveries from anon;
revoke insert, update, delete, truncate on public.outgoing_events, public.webhook_deliveries from authenticated;
create trigger webhook_deliveries_touch_updated_at before update on public.webhook_deliveries
  for each row execute function private.touch_updated_at();

-- Queues the delivery job when the queue is installed (a worker's sweep picks up any delivery
-- whose job could not be queued: lib/webhooks/delivery.ts).
create or replace function private.queue_webhook_delivery(p_delivery uuid, p_run_at timestamptz default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from pg_catalog.pg_namespace where nspname = 'graphile_worker') then
    perform graphile_worker.add_job('webhook_deliver', json_build_object('deliveryId', p_delivery),
                                    run_at => coalesce(p_run_at, now()), max_attempts => 5,
                                    job_key => 'webhook_delivery:' || p_delivery::text,
                                    job_key_mode => 'replace');
  end if;
end;
$$;
revoke all on function private.queue_webhook_delivery(uuid, timestamptz) from public, anon, authenticated;
grant execute on function private.queue_webhook_delivery(uuid, timestamptz) to service_role;

-- Writes an event into the outbox and a delivery for each enabled endpoint that subscribes to it,
-- in the caller's transaction; nothing when no endpoint wants it.
create or replace function private.emit_webhook_event(p_organization_id uuid, p_type text, p_data jsonb)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event uuid;
  v_delivery uuid;
begin
  if not exists (select 1 from public.webhook_endpoints
                 where organization_id = p_organization_id and status = 'enabled'
                   and (p_type = any (events) or '*' = any (events))) then
    return null;
  end if;
  insert into public.outgoing_events (organization_id, type, data)
  values (p_organization_id, p_type, p_data)
  returning id into v_event;
  for v_delivery in
    insert into public.webhook_deliveries (organization_id, endpoint_id, event_id)
    select p_organization_id, e.id, v_event
    from public.webhook_endpoints e
    where e.organization_id = p_organization_id and e.status = 'enabled'
      and (p_type = any (e.events) or '*' = any (e.events))
    returning id
  loop
    perform private.queue_webhook_delivery(v_delivery);
  end loop;
  return v_event;
end;
$$;
revoke all on function private.emit_webhook_event(uuid, text, jsonb) from public, anon, authenticated;
grant execute on function private.emit_webhook_event(uuid, text, jsonb) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Where events happen: triggers, so every path that makes them true (the app, the API, GHL
-- webhooks, the engine, imports) emits them in its own transaction.

create or replace function private.webhook_event_from_row()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := tg_argv[0];
  v_data jsonb;
begin
  -- Most organizations subscribe to nothing: one index probe, and out.
  if not exists (select 1 from public.webhook_endpoints
                 where organization_id = new.organization_id and status = 'enabled'
                   and (v_type = any (events) or '*' = any (events))) then
    return null;
  end if;
  if tg_table_name = 'contacts' then
    v_data := jsonb_build_object(
      'id', new.id, 'object', 'contact', 'first_name', new.first_name, 'last_name', new.last_name,
      'email', new.email, 'phone', new.phone, 'company_name', new.company_name, 'tags', new.tags,
      'source', new.source, 'ghl_contact_id', new.ghl_contact_id, 'created_at', new.created_at);
  elsif tg_table_name = 'sales_transactions' then
    v_data := jsonb_build_object(
      'id', new.id, 'object', 'sales_transaction', 'source', new.source, 'external_id', new.external_id,
      'amount_minor', new.amount_minor, 'currency', new.currency, 'paid_at', new.paid_at,
      'contact_id', new.contact_id, 'team_member_id', new.team_member_id,
      'opportunity_id', new.opportunity_id, 'description', new.description);
  elsif tg_table_name = 'commission_calculations' then
    v_data := jsonb_build_object(
      'id', new.id, 'object', 'commission', 'transaction_id', new.transaction_id,
      'team_member_id', new.team_member_id, 'kind', new.kind, 'period_month', new.period_month,
      'amount_minor', new.amount_minor, 'currency', new.currency, 'status', new.status,
      'approved_at', new.approved_at, 'approved_by', new.approved_by);
  elsif tg_table_name = 'commission_payouts' then
    v_data := jsonb_build_object(
      'id', new.id, 'object', 'payout', 'team_member_id', new.team_member_id,
      'period_month', new.period_month, 'total_minor', new.total_minor, 'currency', new.currency,
      'status', new.status, 'paid_at', new.paid_at, 'reference', new.reference);
  elsif tg_table_name = 'executions' then
    v_data := jsonb_build_object(
      'id', new.id, 'object', 'execution', 'workflow_id', new.workflow_id, 'status', new.status,
      'trigger_type', new.trigger_type, 'started_at', new.started_at,
      'completed_at', new.completed_at, 'duration_ms', new.duration_ms, 'error', new.error);
  elsif tg_table_name = 'conversation_sessions' then
    v_data := jsonb_build_object(
      'id', new.id, 'object', 'conversation', 'bot_id', new.bot_id, 'contact_id', new.contact_id,
      'status', new.status, 'contact_info', new.contact_info, 'handed_off_at', new.handed_off_at,
      'message_count', new.message_count, 'started_at', new.started_at);
  end if;
  perform private.emit_webhook_event(new.organization_id, v_type, v_data);
  return null;
end;
$$;

create trigger contacts_webhook_created after insert on public.contacts
  for each row execute function private.webhook_event_from_row('contact.created');
-- A payment from GoHighLevel (sales entered by hand or imported are not payments received).
create trigger sales_transactions_webhook_payment after insert on public.sales_transactions
  for each row when (new.source like 'ghl\_%')
  execute function private.webhook_event_from_row('payment.received');
create trigger commission_calculations_webhook_approved after update of status on public.commission_calculations
  for each row when (new.status = 'approved' and old.status is distinct from 'approved')
  execute function private.webhook_event_from_row('commission.approved');
create trigger commission_payouts_webhook_paid after update of status on public.commission_payouts
  for each row when (new.status = 'paid' and old.status is distinct from 'paid')
  execute function private.webhook_event_from_row('payout.paid');
create trigger executions_webhook_completed after update of status on public.executions
  for each row when (new.status = 'completed' and old.status is distinct from 'completed' and not new.is_test)
  execute function private.webhook_event_from_row('execution.completed');
create trigger executions_webhook_failed after update of status on public.executions
  for each row when (new.status = 'failed' and old.status is distinct from 'failed' and not new.is_test)
  execute function private.webhook_event_from_row('execution.failed');
create trigger conversation_sessions_webhook_handed_off after update of status on public.conversation_sessions
  for each row when (new.status = 'handed_off' and old.status is distinct from 'handed_off')
  execute function private.webhook_event_from_row('conversation.handed_off');
