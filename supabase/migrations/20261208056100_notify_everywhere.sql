-- Every feature that informs people goes through private.notify() (20261208056000): the visitor
-- waiting for a person, a run that failed, an invitation accepted, a commission approved, a payout
-- paid, a plan limit near. Each is a trigger on the row that makes it true, so every path (the app,
-- the API, GHL webhooks, the engine) tells people in its own transaction.

create index notifications_org_kind_idx on public.notifications (organization_id, kind, created_at desc);

-- The inbox's old "email me when a visitor waits" switch becomes the person's preference.
insert into public.notification_preferences (user_id, kind, channel, mode)
select distinct s.user_id, 'conversation_waiting', 'email', 'off'
from public.user_settings s
where (s.notification_types ->> 'conversation_waiting_email') = 'false'
on conflict do nothing;

-- A visitor waits for a person: the assignee, or everyone who may take conversations over.
create or replace function private.conversation_sessions_waiting()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_slug text;
  v_who text;
begin
  if coalesce((select auth.role()), '') = 'authenticated' then
    return null;
  end if;
  select slug into v_slug from public.organizations where id = new.organization_id;
  select coalesce(nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), ''), c.email::text)
    into v_who from public.contacts c where c.id = new.contact_id;
  v_who := coalesce(v_who, new.contact_info ->> 'name', new.contact_info ->> 'email', 'A visitor');
  perform private.notify(
    new.organization_id,
    array(select r.user_id from private.conversation_waiting_recipients(new.id) r),
    'conversation_waiting', 'A visitor is waiting for a person',
    left(v_who, 200) || ' asked to talk to the team.', 'high',
    '/o/' || v_slug || '/inbox?c=' || new.id);
  return null;
end;
$$;

-- The emails used to be a job of their own; they are deliveries of the notification now.
drop function if exists private.enqueue_conversation_waiting(uuid, uuid);

-- A published workflow's run failed: its author and the owners, at most once a workflow an hour.
create or replace function private.executions_failed_notify()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_workflow record;
  v_link text;
begin
  select w.name, w.created_by, o.slug into v_workflow
  from public.workflows w join public.organizations o on o.id = w.organization_id
  where w.id = new.workflow_id;
  if not found then
    return null;
  end if;
  v_link := '/o/' || v_workflow.slug || '/runs/' || new.id;
  if exists (select 1 from public.notifications n
             join public.executions e on e.id = n.execution_id
             where n.organization_id = new.organization_id and n.kind = 'run_failed'
               and n.created_at > now() - interval '1 hour' and e.workflow_id = new.workflow_id) then
    return null;
  end if;
  perform private.notify(
    new.organization_id,
    array_remove(array[v_workflow.created_by], null) || private.organization_managers(new.organization_id),
    'run_failed', left('A run of ' || v_workflow.name || ' failed', 255),
    left(coalesce(new.error, 'The run ended in an error.'), 1000), 'high', v_link, new.id);
  return null;
end;
$$;
create trigger executions_failed_notify after update of status on public.executions
  for each row when (new.status = 'failed' and old.status is distinct from 'failed' and new.test_definition is null)
  execute function private.executions_failed_notify();

-- An invitation accepted: whoever sent it.
create or replace function private.invitations_accepted_notify()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_slug text;
  v_who text;
begin
  select slug into v_slug from public.organizations where id = new.organization_id;
  select coalesce(p.display_name, p.email, new.email::text) into v_who from public.profiles p where p.id = new.accepted_by;
  perform private.notify(
    new.organization_id, array[new.invited_by], 'invitation_accepted',
    left(coalesce(v_who, new.email::text) || ' joined the organization', 255),
    'They accepted your invitation as ' || new.role::text || '.', 'low', '/o/' || v_slug || '/members');
  return null;
end;
$$;
create trigger invitations_accepted_notify after update of accepted_at on public.invitations
  for each row when (old.accepted_at is null and new.accepted_at is not null and new.invited_by is not null)
  execute function private.invitations_accepted_notify();

create or replace function private.format_money(p_minor bigint, p_currency text)
returns text
language sql
immutable
set search_path = ''
as $$
  select to_char(p_minor / 100.0, 'FM999G999G999G990D00') || ' ' || upper(p_currency)
$$;

-- A commission approved, a payout paid: the team member, when they have a login.
create or replace function private.commission_decided_notify()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid;
  v_slug text;
begin
  select tm.user_id into v_user from public.team_members tm where tm.id = new.team_member_id;
  if v_user is null then
    return null;
  end if;
  select slug into v_slug from public.organizations where id = new.organization_id;
  if tg_table_name = 'commission_calculations' then
    perform private.notify(
      new.organization_id, array[v_user], 'commission_approved',
      'Commission approved: ' || private.format_money(new.amount_minor, new.currency),
      'Your commission for ' || to_char(new.period_month, 'FMMonth YYYY') || ' was approved.', 'medium',
      '/o/' || v_slug || '/commissions');
  else
    perform private.notify(
      new.organization_id, array[v_user], 'payout_paid',
      'Payout paid: ' || private.format_money(new.total_minor, new.currency),
      'Your payout for ' || to_char(new.period_month, 'FMMonth YYYY') || ' was paid'
        || coalesce(' (reference ' || left(new.reference, 100) || ')', '') || '.', 'medium',
      '/o/' || v_slug || '/commissions');
  end if;
  return null;
end;
$$;
create trigger commission_calculations_approved_notify after update of status on public.commission_calculations
  for each row when (new.status = 'approved' and old.status is distinct from 'approved')
  execute function private.commission_decided_notify();
create trigger commission_payouts_paid_notify after update of status on public.commission_payouts
  for each row when (new.status = 'paid' and old.status is distinct from 'paid')
  execute function private.commission_decided_notify();

-- 80% of the month's workflow runs used: the owners, once a month (the count crosses it once).
create or replace function private.plan_limit_near_notify()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.notify(
    new.id, private.organization_managers(new.id), 'plan_limit_near',
    'You have used 80% of this month''s workflow runs',
    new.executions_this_month || ' of ' || new.max_executions_per_month || ' runs of the '
      || initcap(new.subscription_plan) || ' plan are used. Upgrade to keep automations running.',
    'high', '/o/' || new.slug || '/billing/usage');
  return null;
end;
$$;
create trigger organizations_plan_limit_near_notify after update of executions_this_month on public.organizations
  for each row when (new.max_executions_per_month > 0
                     and new.executions_this_month * 5 >= new.max_executions_per_month * 4
                     and (old.executions_this_month * 5 < new.max_executions_per_month * 4
                          or old.usage_period_start is distinct from new.usage_period_start))
  execute function private.plan_limit_near_notify();
