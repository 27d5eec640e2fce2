-- GoHighLevel integrations: an organization's connection to a GHL location (credentials
-- encrypted by the app, AES-256-GCM with INTEGRATIONS_ENCRYPTION_KEY, and never readable by the
-- API roles), and the inbox of its webhooks (every delivery stored before it is processed,
-- deduplicated on GHL's webhookId per integration).

create table public.integrations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  type text not null default 'gohighlevel' check (type in ('gohighlevel')),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  -- The GHL location (sub-account) id: webhooks for another location are refused.
  location_id text not null check (location_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  auth_type text not null default 'private_token' check (auth_type in ('private_token', 'oauth')),
  -- "v1:<iv>:<tag>:<ciphertext>" (base64), bound to the organization and the integration id.
  -- Never granted to anon or authenticated; the service path decrypts it for API calls.
  credentials_ciphertext text check (credentials_ciphertext is null or char_length(credentials_ciphertext) <= 20000),
  -- What the UI shows to recognise the credentials, e.g. "pit-…3f9a".
  credentials_hint text check (credentials_hint is null or char_length(credentials_hint) <= 40),
  -- The location's currency: opportunities carry no currency of their own.
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'active' check (status in ('active', 'error', 'disconnected')),
  status_message text check (status_message is null or char_length(status_message) <= 2000),
  -- {"sale_sources": ["invoice", "order", "opportunity"], "max_age_seconds": 300}
  webhook_settings jsonb not null default '{}'::jsonb check (jsonb_typeof(webhook_settings) = 'object'),
  last_sync_at timestamptz,
  -- Refunds are looked for among GHL transactions updated since this moment (minus an overlap).
  sync_cursor timestamptz,
  connected_by uuid references auth.users (id) on delete set null,
  -- When a member last entered credentials (set by a trigger): the audit log's trace of a
  -- reconnect, since the credentials themselves are redacted there.
  connected_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, type, location_id),
  -- Lets webhook_events prove its organization is its integration's.
  unique (id, organization_id)
);
create index integrations_connected_by_idx on public.integrations (connected_by);
create index integrations_active_idx on public.integrations (type, status) where status = 'active';

select private.setup_tenant_table('public.integrations', 'integrations');

-- The credentials column is for the service path only: members see every other column.
revoke select, insert, update on public.integrations from authenticated;
grant select (id, organization_id, type, name, location_id, auth_type, credentials_hint, currency, status,
              status_message, webhook_settings, last_sync_at, sync_cursor, connected_by, connected_at, created_at,
              updated_at)
  on public.integrations to authenticated;
grant insert (id, organization_id, type, name, location_id, auth_type, credentials_ciphertext, credentials_hint,
              currency, webhook_settings, connected_by)
  on public.integrations to authenticated;
grant update (name, location_id, auth_type, credentials_ciphertext, credentials_hint, currency, status,
              status_message, webhook_settings)
  on public.integrations to authenticated;
grant select, insert, update, delete on public.integrations to service_role;

-- New credentials entered by a member (a reconnect) stamp who and when. The audit trigger redacts
-- the credentials, so without this a reconnect that changes nothing else would leave no audit row;
-- the service path rotating an OAuth token (no user) is bookkeeping and stamps nothing.
create or replace function private.integrations_stamp_connect()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.credentials_ciphertext is not null
     and new.credentials_ciphertext is distinct from old.credentials_ciphertext
     and (select auth.uid()) is not null then
    new.connected_at := now();
    new.connected_by := (select auth.uid());
  end if;
  return new;
end;
$$;
create trigger integrations_stamp_connect
  before update of credentials_ciphertext on public.integrations
  for each row execute function private.integrations_stamp_connect();

-- The audit log records what people change, not every sync's bookkeeping (last_sync_at, cursor).
drop trigger integrations_audit on public.integrations;
create trigger integrations_audit
  after insert or delete or update of name, location_id, auth_type, credentials_ciphertext, currency, status,
    webhook_settings
  on public.integrations
  for each row execute function private.audit_row_change();

-- ---------------------------------------------------------------------------------------------
-- The webhook inbox

create table public.webhook_events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  integration_id uuid not null,
  -- GHL's webhookId; null for a refused delivery (its claimed id is not trusted, so it can never
  -- stand in the way of the genuine event).
  webhook_id text check (webhook_id is null or char_length(webhook_id) between 1 and 200),
  event_type text check (event_type is null or char_length(event_type) <= 100),
  location_id text check (location_id is null or char_length(location_id) <= 100),
  raw_body text not null,
  headers jsonb not null default '{}'::jsonb check (jsonb_typeof(headers) = 'object'),
  -- How the delivery proved it came from GHL: ed25519 (x-ghl-signature), rsa (x-wh-signature),
  -- synthetic (the "send test event" button), or why it did not: missing, invalid.
  signature text not null check (signature in ('ed25519', 'rsa', 'synthetic', 'missing', 'invalid')),
  status text not null default 'received'
    check (status in ('received', 'processed', 'ignored', 'failed', 'rejected')),
  reason text check (reason is null or char_length(reason) <= 2000),
  -- What processing did (transaction, contact, calculations), for the UI and support.
  result jsonb not null default '{}'::jsonb check (jsonb_typeof(result) = 'object'),
  attempts int not null default 0 check (attempts >= 0),
  deliveries int not null default 1 check (deliveries > 0),
  event_timestamp timestamptz,
  received_at timestamptz not null default now(),
  last_received_at timestamptz not null default now(),
  processed_at timestamptz,
  updated_at timestamptz not null default now(),
  foreign key (integration_id, organization_id)
    references public.integrations (id, organization_id) on delete cascade,
  foreign key (organization_id) references public.organizations (id) on delete cascade,
  unique (integration_id, webhook_id),
  check (status = 'rejected' or webhook_id is not null)
);
create index webhook_events_org_received_idx on public.webhook_events (organization_id, received_at desc);
create index webhook_events_integration_received_idx on public.webhook_events (integration_id, received_at desc);
create index webhook_events_integration_org_idx on public.webhook_events (integration_id, organization_id);
-- The sweep that re-queues events whose job went missing.
create index webhook_events_pending_idx on public.webhook_events (received_at) where status = 'received';

select private.setup_tenant_table('public.webhook_events', 'integrations');

-- Only the service path writes the inbox; members with integrations:read read it. An inbox of
-- machine deliveries is a log already: no audit rows for it.
revoke insert, update, delete, truncate on public.webhook_events from authenticated;
grant select, insert, update, delete on public.webhook_events to service_role;
drop trigger webhook_events_audit on public.webhook_events;
