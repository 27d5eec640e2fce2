-- Notifications on every channel (issue #23, item 1). One model:
--
--   notification_kinds          what Orgflow tells people about, with each kind's default per channel
--   notifications               one per recipient and event (existing table): kind, priority, text,
--                               link; `channel` = 'in_app' when it is in the bell, 'none' when not
--   notification_deliveries     one per notification × channel (× organization hook): status,
--                               attempts, sent_at, delivered_at, the last error
--   notification_preferences    a person's choice per kind and channel (absent: the kind's default)
--   notification_targets        a person's own Slack / Discord incoming webhook (encrypted) and SMS number
--   push_subscriptions          a person's browsers subscribed to web push
--   organization_notification_hooks  an organization's Slack / Discord incoming webhooks and their kinds
--
-- private.notify() writes a notification for each recipient with the channels their preferences
-- and targets allow, in the caller's transaction, and queues one job per delivery on the durable
-- queue (lib/notifications/delivery.ts sends it, retries with backoff, then marks it failed).

create table public.notification_kinds (
  kind text primary key check (kind ~ '^[a-z_]{1,50}$'),
  label text not null check (char_length(label) between 1 and 100),
  description text not null default '' check (char_length(description) <= 300),
  position int not null default 0,
  default_in_app boolean not null default true,
  default_email text not null default 'immediate' check (default_email in ('off', 'immediate', 'digest')),
  default_push boolean not null default false,
  default_sms boolean not null default false,
  -- The person's own Slack and Discord webhooks, when they set one up.
  default_chat boolean not null default true,
  -- What an organization hook posts when it is made without a choice.
  default_for_hooks boolean not null default false
);
alter table public.notification_kinds enable row level security;
create policy "notification_kinds: read" on public.notification_kinds for select to authenticated using (true);
revoke all on public.notification_kinds from anon;
revoke insert, update, delete, truncate on public.notification_kinds from authenticated;

insert into public.notification_kinds
  (kind, label, description, position, default_in_app, default_email, default_push, default_sms, default_chat, default_for_hooks)
values
  ('conversation_waiting', 'A visitor waits for a person', 'A chatbot handed a conversation over to the team.', 10, true, 'immediate', true, false, true, true),
  ('run_failed', 'A workflow run failed', 'A published workflow''s run ended in an error (at most one a workflow an hour).', 20, true, 'digest', false, false, true, true),
  ('workflow', 'Workflow messages', 'Sent by a workflow''s Notify step.', 30, true, 'off', true, false, true, false),
  ('commission_approved', 'Commission approved', 'A commission of yours was approved.', 40, true, 'immediate', true, false, true, false),
  ('payout_paid', 'Payout paid', 'A payout of yours was marked paid.', 50, true, 'immediate', true, false, true, false),
  ('invitation_accepted', 'Invitation accepted', 'Someone you invited joined the organization.', 60, true, 'digest', false, false, true, false),
  ('plan_limit_near', 'Plan limit near', 'The organization has used 80% of a monthly plan limit.', 70, true, 'immediate', false, false, true, true),
  ('quota', 'Plan limit reached', 'Workflow runs are refused until the month ends or the plan changes.', 80, true, 'immediate', true, false, true, true),
  ('webhook_disabled', 'Webhook endpoint turned off', 'An outgoing webhook failed for days and was turned off.', 90, true, 'immediate', false, false, true, true);

-- The bell shows channel = 'in_app'; a notification whose person turned the bell off for its kind
-- is kept for its other channels as 'none'.
alter table public.notifications drop constraint notifications_channel_check;
alter table public.notifications add constraint notifications_channel_check
  check (channel in ('in_app', 'email', 'none'));

-- ---------------------------------------------------------------------------------------------
-- Where a person is reached

create table public.notification_targets (
  user_id uuid not null references auth.users (id) on delete cascade,
  channel text not null check (channel in ('slack', 'discord', 'sms')),
  -- AES-256-GCM (lib/integrations/crypto.ts, bound to the user and channel): a webhook URL is a
  -- credential (whoever has it posts), a phone number is personal data.
  value_ciphertext text not null check (char_length(value_ciphertext) <= 4000),
  hint text not null check (char_length(hint) <= 40),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, channel)
);

create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  endpoint text not null unique check (char_length(endpoint) between 10 and 1000 and endpoint ~ '^https?://'),
  p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{80,100}$'),
  auth text not null check (auth ~ '^[A-Za-z0-9_-]{16,32}$'),
  user_agent text check (user_agent is null or char_length(user_agent) <= 300),
  last_success_at timestamptz,
  created_at timestamptz not null default now()
);
create index push_subscriptions_user_idx on public.push_subscriptions (user_id);

create table public.notification_preferences (
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null references public.notification_kinds (kind) on delete cascade,
  channel text not null check (channel in ('in_app', 'email', 'push', 'sms', 'slack', 'discord')),
  mode text not null check (mode in ('off', 'on', 'digest') and (mode <> 'digest' or channel = 'email')),
  updated_at timestamptz not null default now(),
  primary key (user_id, kind, channel)
);
create index notification_preferences_kind_idx on public.notification_preferences (kind);

do $$
declare
  t text;
begin
  foreach t in array array['notification_targets', 'push_subscriptions', 'notification_preferences'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format($p$create policy "%s: own" on public.%I for all to authenticated
                     using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()))$p$, t, t);
    execute format('revoke all on public.%I from anon', t);
  end loop;
end;
$$;
revoke update on public.push_subscriptions from authenticated;
grant update (last_success_at) on public.push_subscriptions to service_role;

create table public.organization_notification_hooks (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  channel text not null check (channel in ('slack', 'discord')),
  url_ciphertext text not null check (char_length(url_ciphertext) <= 4000),
  url_hint text not null check (char_length(url_hint) <= 80),
  kinds text[] not null check (cardinality(kinds) between 1 and 50),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);
create index organization_notification_hooks_org_idx on public.organization_notification_hooks (organization_id);
create index organization_notification_hooks_created_by_idx on public.organization_notification_hooks (created_by);
select private.setup_tenant_table('public.organization_notification_hooks', 'webhooks');

-- ---------------------------------------------------------------------------------------------
-- Deliveries

create table public.notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  notification_id uuid not null references public.notifications (id) on delete cascade,
  -- The person (null for an organization hook's post).
  recipient_user_id uuid references auth.users (id) on delete cascade,
  channel text not null check (channel in ('in_app', 'email', 'push', 'sms', 'slack', 'discord')),
  hook_id uuid,
  -- digest: waits for the person's daily digest email.
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'retrying', 'digest', 'sent', 'delivered', 'failed')),
  attempts int not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  last_error text check (last_error is null or char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, hook_id) references public.organization_notification_hooks (organization_id, id)
    on delete cascade,
  check ((hook_id is null) = (recipient_user_id is not null))
);
create unique index notification_deliveries_one_idx on public.notification_deliveries
  (notification_id, channel, coalesce(hook_id, '00000000-0000-0000-0000-000000000000'::uuid));
create index notification_deliveries_org_idx on public.notification_deliveries (organization_id, created_at desc);
create index notification_deliveries_recipient_idx on public.notification_deliveries (recipient_user_id);
create index notification_deliveries_hook_idx on public.notification_deliveries (organization_id, hook_id);
create index notification_deliveries_due_idx on public.notification_deliveries (next_attempt_at)
  where status in ('pending', 'retrying', 'sending');
create index notification_deliveries_digest_idx on public.notification_deliveries (recipient_user_id, created_at)
  where status = 'digest';

alter table public.notification_deliveries enable row level security;
-- A person sees the state of their own notifications' deliveries; those who manage the
-- organization's webhooks see its hooks' posts.
create policy "notification_deliveries: own" on public.notification_deliveries for select to authenticated
  using ((recipient_user_id = (select auth.uid()) and organization_id in (select private.member_organizations()))
         or (hook_id is not null and organization_id in (select private.permitted_organizations('webhooks', 'read'))));
revoke all on public.notification_deliveries from anon;
revoke insert, update, delete, truncate on public.notification_deliveries from authenticated;
create trigger notification_deliveries_touch_updated_at before update on public.notification_deliveries
  for each row execute function private.touch_updated_at();
create trigger notification_targets_touch_updated_at before update on public.notification_targets
  for each row execute function private.touch_updated_at();

grant select, insert, update, delete on public.notification_kinds, public.notification_targets,
  public.push_subscriptions, public.notification_preferences, public.organization_notification_hooks,
  public.notification_deliveries to service_role;

-- ---------------------------------------------------------------------------------------------
-- Sending

create or replace function private.queue_notification_delivery(p_delivery uuid, p_run_at timestamptz default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from pg_catalog.pg_namespace where nspname = 'graphile_worker') then
    perform graphile_worker.add_job('notification_deliver', json_build_object('deliveryId', p_delivery),
                                    run_at => coalesce(p_run_at, now()), max_attempts => 3,
                                    job_key => 'notification_delivery:' || p_delivery::text,
                                    job_key_mode => 'replace');
  end if;
end;
$$;
revoke all on function private.queue_notification_delivery(uuid, timestamptz) from public, anon, authenticated;
grant execute on function private.queue_notification_delivery(uuid, timestamptz) to service_role;

-- What each channel does for one person and kind: 'on', 'off' or (email) 'digest'. An explicit
-- preference wins over the kind's default; a channel with nowhere to go (no email, no push
-- subscription, no number, no webhook) is off; the master switches of user_settings still hold.
create or replace function private.notification_modes(p_user uuid, p_kind public.notification_kinds)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with pref as (
    select channel, mode from public.notification_preferences where user_id = p_user and kind = p_kind.kind
  ), base as (
    select s.email_notifications, s.in_app_notifications from public.user_settings s
    where s.user_id = p_user and s.organization_id is null
  ), onoff as (
    select case when b then 'on' else 'off' end as v, c from (values
      (p_kind.default_push, 'push'), (p_kind.default_sms, 'sms'),
      (p_kind.default_chat, 'slack'), (p_kind.default_chat, 'discord')) as d (b, c)
  )
  select jsonb_build_object(
    'in_app', case when coalesce((select in_app_notifications from base), true) is false then 'off'
                   else coalesce((select mode from pref where channel = 'in_app'),
                                 case when p_kind.default_in_app then 'on' else 'off' end) end,
    'email', case when coalesce((select email_notifications from base), true) is false
                    or not exists (select 1 from public.profiles p where p.id = p_user and p.email is not null)
                  then 'off'
                  else coalesce((select mode from pref where channel = 'email'),
                                case p_kind.default_email when 'immediate' then 'on' else p_kind.default_email end) end,
    'push', case when not exists (select 1 from public.push_subscriptions ps where ps.user_id = p_user) then 'off'
                 else coalesce((select mode from pref where channel = 'push'), (select v from onoff where c = 'push')) end,
    'sms', case when not exists (select 1 from public.notification_targets t where t.user_id = p_user and t.channel = 'sms')
                then 'off'
                else coalesce((select mode from pref where channel = 'sms'), (select v from onoff where c = 'sms')) end,
    'slack', case when not exists (select 1 from public.notification_targets t where t.user_id = p_user and t.channel = 'slack')
                  then 'off'
                  else coalesce((select mode from pref where channel = 'slack'), (select v from onoff where c = 'slack')) end,
    'discord', case when not exists (select 1 from public.notification_targets t where t.user_id = p_user and t.channel = 'discord')
                    then 'off'
                    else coalesce((select mode from pref where channel = 'discord'), (select v from onoff where c = 'discord')) end)
$$;
revoke all on function private.notification_modes(uuid, public.notification_kinds) from public, anon, authenticated;
grant execute on function private.notification_modes(uuid, public.notification_kinds) to service_role;

-- Notifies the active members among p_recipients (others are ignored: never someone outside the
-- organization) and posts to the organization's hooks that take the kind. A recipient with every
-- channel off gets nothing. Idempotent per (execution, step, recipient) for the Notify step.
-- Returns how many people were notified.
create or replace function private.notify(
  p_organization_id uuid,
  p_recipients uuid[],
  p_kind text,
  p_title text,
  p_message text,
  p_priority text default 'medium',
  p_link text default null,
  p_execution_id uuid default null,
  p_step_key text default null
)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_kind public.notification_kinds;
  v_user uuid;
  v_modes jsonb;
  v_notification uuid;
  v_first uuid;
  v_delivery uuid;
  v_count int := 0;
  v_channel text;
  v_mode text;
begin
  select * into v_kind from public.notification_kinds where kind = p_kind;
  if not found then
    raise exception 'Unknown notification kind "%".', p_kind using errcode = '22023';
  end if;
  for v_user in
    select distinct m.user_id from public.organization_members m
    where m.organization_id = p_organization_id and m.status = 'active' and m.user_id = any (p_recipients)
  loop
    v_modes := private.notification_modes(v_user, v_kind);
    if not exists (select 1 from jsonb_each_text(v_modes) e where e.value <> 'off') then
      continue;
    end if;
    v_notification := null;
    insert into public.notifications (organization_id, recipient_user_id, kind, title, message, channel,
                                      priority, link, execution_id, step_key, sent_at)
    values (p_organization_id, v_user, p_kind, left(coalesce(nullif(p_title, ''), v_kind.label), 255),
            left(coalesce(p_message, ''), 5000),
            case when v_modes ->> 'in_app' = 'on' then 'in_app' else 'none' end,
            coalesce(p_priority, 'medium'), p_link, p_execution_id, p_step_key, now())
    on conflict (execution_id, step_key, recipient_user_id) where execution_id is not null and step_key is not null
    do nothing
    returning id into v_notification;
    if v_notification is null then
      continue;
    end if;
    v_count := v_count + 1;
    v_first := coalesce(v_first, v_notification);
    for v_channel, v_mode in select e.key, e.value from jsonb_each_text(v_modes) e where e.value <> 'off' loop
      if v_channel = 'in_app' then
        insert into public.notification_deliveries (organization_id, notification_id, recipient_user_id, channel,
                                                    status, attempts, sent_at, delivered_at)
        values (p_organization_id, v_notification, v_user, 'in_app', 'delivered', 1, now(), now());
      else
        insert into public.notification_deliveries (organization_id, notification_id, recipient_user_id, channel, status)
        values (p_organization_id, v_notification, v_user, v_channel,
                case when v_mode = 'digest' then 'digest' else 'pending' end)
        returning id into v_delivery;
        if v_mode <> 'digest' then
          perform private.queue_notification_delivery(v_delivery);
        end if;
      end if;
    end loop;
  end loop;
  -- The organization's hooks get one post per event, carried by the first notification.
  if v_first is not null then
    for v_delivery in
      insert into public.notification_deliveries (organization_id, notification_id, channel, hook_id)
      select p_organization_id, v_first, h.channel, h.id
      from public.organization_notification_hooks h
      where h.organization_id = p_organization_id and p_kind = any (h.kinds)
      returning id
    loop
      perform private.queue_notification_delivery(v_delivery);
    end loop;
  end if;
  return v_count;
end;
$$;
revoke all on function private.notify(uuid, uuid[], text, text, text, text, text, uuid, text) from public, anon, authenticated;
grant execute on function private.notify(uuid, uuid[], text, text, text, text, text, uuid, text) to service_role;

-- The organization's active owners (and administrators when asked): who hears of the
-- organization's own troubles.
create or replace function private.organization_managers(p_organization_id uuid, p_with_admins boolean default false)
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.user_id), '{}') from public.organization_members m
  where m.organization_id = p_organization_id and m.status = 'active'
    and (m.role = 'owner' or (p_with_admins and m.role = 'administrator'))
$$;
revoke all on function private.organization_managers(uuid, boolean) from public, anon, authenticated;
grant execute on function private.organization_managers(uuid, boolean) to service_role;
