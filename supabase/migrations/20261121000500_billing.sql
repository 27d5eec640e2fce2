-- Billing: the plan catalog and a mirror of what Stripe knows about each organization's money.
--
-- Stripe is the source of truth. These tables follow it through webhooks (lib/billing/webhooks.ts),
-- written only on the service path; members with billing:read read them. The organization's
-- plan, status and limits (organizations.subscription_plan, subscription_status, max_*) follow the
-- subscription through private.apply_billing_state(), so the limit checks already in the database
-- (private.check_member_limit, private.enforce_plan_limit) enforce whatever was paid for.
--
-- Rules stated here once:
--   * Money is an integer in the currency's minor unit (cents), as Stripe counts it.
--   * Stripe price ids: the columns below hold the defaults (test ids for the local stack); a
--     deployment sets its own with STRIPE_PRICE_<PLAN>_<MONTHLY|YEARLY> (lib/billing/config.ts),
--     which win over the table. The table stays the catalog: names, amounts shown, limits, trials.
--   * past_due keeps the paid plan for a grace period of 7 days after the first failed payment
--     (private.billing_grace_period()), with a banner; after it the organization has the free
--     plan's limits until a payment succeeds.
--   * Downgrades never delete anything. Creation stops at the limit (the limit triggers) and a
--     banner explains; rows beyond the limit can be made read-only by attaching
--     private.enforce_plan_read_only() (below) to a countable table.

-- ---------------------------------------------------------------------------------------------
-- The plan catalog

create table public.subscription_plans (
  id text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  description text not null default '' check (char_length(description) <= 500),
  position int not null default 0,
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  -- What the plan costs, in minor units, for showing; Stripe's price is what is charged.
  monthly_amount int not null default 0 check (monthly_amount >= 0),
  yearly_amount int not null default 0 check (yearly_amount >= 0),
  stripe_price_monthly text unique check (stripe_price_monthly ~ '^price_[A-Za-z0-9_]+$'),
  stripe_price_yearly text unique check (stripe_price_yearly ~ '^price_[A-Za-z0-9_]+$'),
  -- Selling points shown on the pricing page: ["Visual workflow builder", …].
  features jsonb not null default '[]'::jsonb check (jsonb_typeof(features) = 'array'),
  max_users int not null check (max_users > 0),
  max_workflows int not null check (max_workflows >= 0),
  max_bots int not null check (max_bots >= 0),
  max_executions_per_month int not null check (max_executions_per_month >= 0),
  max_knowledge_base_mb int not null check (max_knowledge_base_mb >= 0),
  trial_days int not null default 0 check (trial_days between 0 and 730),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A paid plan can be bought; the free plan has no price.
  check (id = 'free' or (stripe_price_monthly is not null and stripe_price_yearly is not null))
);

insert into public.subscription_plans
  (id, name, description, position, monthly_amount, yearly_amount, stripe_price_monthly, stripe_price_yearly,
   features, max_users, max_workflows, max_bots, max_executions_per_month, max_knowledge_base_mb, trial_days)
values
  ('free', 'Free', 'For trying Orgflow with a small team.', 10, 0, 0, null, null,
   '["Visual workflow builder", "A chatbot that answers from your documents", "Commission tracking", "Community support"]',
   3, 5, 1, 1000, 50, 0),
  ('starter', 'Starter', 'For small teams automating their first processes.', 20, 2900, 29000,
   'price_test_starter_monthly', 'price_test_starter_yearly',
   '["Everything in Free", "GoHighLevel integration", "Email support"]',
   10, 25, 3, 10000, 500, 14),
  ('professional', 'Professional', 'For growing sales teams that run on automation.', 30, 9900, 99000,
   'price_test_professional_monthly', 'price_test_professional_yearly',
   '["Everything in Starter", "Commission approvals and payouts", "Priority support"]',
   25, 100, 10, 50000, 2048, 14),
  ('enterprise', 'Enterprise', 'For agencies and large teams with many workspaces.', 40, 29900, 299000,
   'price_test_enterprise_monthly', 'price_test_enterprise_yearly',
   '["Everything in Professional", "Audit log export", "Dedicated success manager"]',
   100, 1000, 50, 250000, 10240, 0);

alter table public.subscription_plans enable row level security;
create policy "subscription_plans: readable by signed-in users" on public.subscription_plans
  for select to authenticated using (true);
revoke all on public.subscription_plans from anon;
revoke insert, update, delete, truncate on public.subscription_plans from authenticated;
create trigger subscription_plans_touch_updated_at before update on public.subscription_plans
  for each row execute function private.touch_updated_at();

-- The pricing page is public: visitors see the active plans (and nothing else) through this.
create or replace function public.list_subscription_plans()
returns table (id text, name text, description text, currency text, monthly_amount int, yearly_amount int,
               features jsonb, max_users int, max_workflows int, max_bots int, max_executions_per_month int,
               max_knowledge_base_mb int, trial_days int)
language sql
stable
security definer
set search_path = ''
as $$
  select id, name, description, currency, monthly_amount, yearly_amount, features, max_users, max_workflows,
         max_bots, max_executions_per_month, max_knowledge_base_mb, trial_days
  from public.subscription_plans
  where active
  order by position, id
$$;
revoke all on function public.list_subscription_plans() from public;
grant execute on function public.list_subscription_plans() to anon, authenticated, service_role;

-- The organization's plan is one of the catalog's; the knowledge base gets a limit too.
alter table public.organizations
  add column max_knowledge_base_mb int not null default 50 check (max_knowledge_base_mb >= 0);
alter table public.organizations
  add constraint organizations_subscription_plan_fkey foreign key (subscription_plan)
  references public.subscription_plans (id) on update cascade;
create index organizations_subscription_plan_idx on public.organizations (subscription_plan);

-- ---------------------------------------------------------------------------------------------
-- The mirror of Stripe

-- One Stripe customer per organization, made at its first checkout and reused.
create table public.billing_customers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null unique references public.organizations (id) on delete cascade,
  stripe_customer_id text not null unique check (stripe_customer_id ~ '^cus_[A-Za-z0-9_]+$'),
  email text check (email is null or char_length(email) <= 320),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  plan_id text not null references public.subscription_plans (id) on update cascade,
  stripe_subscription_id text not null unique check (stripe_subscription_id ~ '^sub_[A-Za-z0-9_]+$'),
  stripe_customer_id text not null,
  stripe_price_id text,
  -- Stripe's own statuses.
  status text not null check (status in ('trialing', 'active', 'past_due', 'canceled', 'unpaid', 'incomplete',
                                         'incomplete_expired', 'paused')),
  billing_cycle text not null check (billing_cycle in ('monthly', 'yearly')),
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  cancel_at timestamptz,
  canceled_at timestamptz,
  ended_at timestamptz,
  trial_start timestamptz,
  trial_end timestamptz,
  -- When the current run of failed payments began; the grace period counts from here.
  past_due_since timestamptz,
  stripe_created_at timestamptz,
  -- When this row was last read from Stripe.
  synced_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index subscriptions_organization_id_idx on public.subscriptions (organization_id, status);
create index subscriptions_plan_id_idx on public.subscriptions (plan_id);
create index subscriptions_past_due_idx on public.subscriptions (past_due_since) where status = 'past_due';

create table public.payments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  subscription_id uuid references public.subscriptions (id) on delete set null,
  stripe_invoice_id text unique check (stripe_invoice_id ~ '^in_[A-Za-z0-9_]+$'),
  stripe_payment_intent_id text check (stripe_payment_intent_id ~ '^pi_[A-Za-z0-9_]+$'),
  -- In the currency's minor unit (cents for USD).
  amount bigint not null check (amount >= 0),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  status text not null check (status in ('pending', 'succeeded', 'failed', 'refunded')),
  invoice_number text,
  description text,
  hosted_invoice_url text check (hosted_invoice_url is null or hosted_invoice_url ~ '^https?://'),
  failure_message text,
  attempt_count int not null default 0 check (attempt_count >= 0),
  period_start timestamptz,
  period_end timestamptz,
  paid_at timestamptz,
  -- When Stripe created the event that last set this row, so an older event arriving late
  -- cannot undo a newer one.
  stripe_event_created_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (stripe_invoice_id is not null or stripe_payment_intent_id is not null)
);
create index payments_organization_id_idx on public.payments (organization_id, created_at desc);
create index payments_subscription_id_idx on public.payments (subscription_id);

-- Metered usage by day: what the engine and the bots consumed (executions, agent tokens …).
create table public.usage_records (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  unit text not null check (unit ~ '^[a-z][a-z_]{1,62}$'),
  quantity bigint not null default 0 check (quantity >= 0),
  period_start timestamptz not null,
  period_end timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (period_end > period_start),
  unique (organization_id, unit, period_start)
);

-- Every webhook event, stored before it is handled: deduplicated by Stripe's event id, with the
-- outcome or the error of its handling.
create table public.stripe_events (
  id uuid primary key default gen_random_uuid(),
  stripe_event_id text not null unique check (stripe_event_id ~ '^evt_[A-Za-z0-9_]+$'),
  type text not null check (char_length(type) between 1 and 200),
  api_version text,
  livemode boolean not null default false,
  stripe_created_at timestamptz,
  organization_id uuid references public.organizations (id) on delete set null,
  payload jsonb not null,
  deliveries int not null default 1 check (deliveries > 0),
  received_at timestamptz not null default now(),
  last_received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text check (outcome in ('processed', 'ignored')),
  error text
);
create index stripe_events_organization_id_idx on public.stripe_events (organization_id);
create index stripe_events_unprocessed_idx on public.stripe_events (received_at) where processed_at is null;

-- Members with billing:read read the mirror; nobody but the service path writes it.
do $$
declare
  v_table text;
begin
  foreach v_table in array array['billing_customers', 'subscriptions', 'payments', 'usage_records'] loop
    execute format('alter table public.%I enable row level security', v_table);
    execute format($p$create policy "%s: read" on public.%I for select to authenticated
                     using (organization_id in (select private.permitted_organizations('billing', 'read')))$p$,
                   v_table, v_table);
    execute format('revoke all on public.%I from anon', v_table);
    execute format('revoke insert, update, delete, truncate on public.%I from authenticated', v_table);
    execute format('create trigger %I before update on public.%I for each row execute function private.touch_updated_at()',
                   v_table || '_touch_updated_at', v_table);
  end loop;
  -- Changes of money matters go to the audit log (usage counters would only flood it).
  foreach v_table in array array['billing_customers', 'subscriptions', 'payments'] loop
    execute format('create trigger %I after insert or update or delete on public.%I for each row execute function private.audit_row_change()',
                   v_table || '_audit', v_table);
  end loop;
end;
$$;

alter table public.stripe_events enable row level security;
revoke all on public.stripe_events from anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- The organization follows its subscription

create or replace function private.billing_grace_period()
returns interval
language sql
immutable
set search_path = ''
as $$
  select interval '7 days'
$$;

-- The subscription that decides an organization's plan: of those still alive, active or trialing
-- first, then past_due, then the rest, the newest first. All columns null when there is none.
create or replace function private.current_subscription(p_organization_id uuid)
returns public.subscriptions
language sql
stable
security definer
set search_path = ''
as $$
  select * from public.subscriptions
  where organization_id = p_organization_id and status not in ('canceled', 'incomplete_expired')
  order by case status when 'active' then 0 when 'trialing' then 0 when 'past_due' then 1 else 2 end,
           stripe_created_at desc nulls last, created_at desc
  limit 1
$$;
revoke all on function private.current_subscription(uuid) from public, anon, authenticated;
grant execute on function private.current_subscription(uuid) to service_role;

-- Sets the organization's plan, status and limits from its current subscription. Without one it
-- is on the free plan. past_due keeps the paid plan during the grace period; unpaid, incomplete
-- and paused subscriptions get the free plan's limits.
create or replace function private.apply_billing_state(p_organization_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_sub public.subscriptions;
  v_plan_id text := 'free';
  v_status text := 'active';
  v_plan public.subscription_plans;
begin
  v_sub := private.current_subscription(p_organization_id);
  if v_sub.id is not null then
    v_status := case v_sub.status when 'paused' then 'unpaid' else v_sub.status end;
    if v_sub.status in ('active', 'trialing')
       or (v_sub.status = 'past_due'
           and coalesce(v_sub.past_due_since, now()) > now() - private.billing_grace_period()) then
      v_plan_id := v_sub.plan_id;
    end if;
  end if;
  select * into v_plan from public.subscription_plans where id = v_plan_id;
  update public.organizations
  set subscription_plan = v_plan.id,
      subscription_status = v_status,
      max_users = v_plan.max_users,
      max_workflows = v_plan.max_workflows,
      max_bots = v_plan.max_bots,
      max_executions_per_month = v_plan.max_executions_per_month,
      max_knowledge_base_mb = v_plan.max_knowledge_base_mb
  where id = p_organization_id
    and (subscription_plan, subscription_status, max_users, max_workflows, max_bots, max_executions_per_month,
         max_knowledge_base_mb)
        is distinct from
        (v_plan.id, v_status, v_plan.max_users, v_plan.max_workflows, v_plan.max_bots,
         v_plan.max_executions_per_month, v_plan.max_knowledge_base_mb);
end;
$$;
revoke all on function private.apply_billing_state(uuid) from public, anon, authenticated;
grant execute on function private.apply_billing_state(uuid) to service_role;

-- Organizations whose grace period has run out while nothing else changed: for a scheduled job
-- (the worker's cron, hourly) on the service path. Returns how many were moved to free limits.
create or replace function private.expire_billing_grace_periods()
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid;
  v_count int := 0;
begin
  for v_org in
    select distinct s.organization_id
    from public.subscriptions s
    join public.organizations o on o.id = s.organization_id
    where s.status = 'past_due' and s.past_due_since <= now() - private.billing_grace_period()
      and o.subscription_plan = s.plan_id and o.subscription_plan <> 'free'
  loop
    perform private.apply_billing_state(v_org);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;
revoke all on function private.expire_billing_grace_periods() from public, anon, authenticated;
grant execute on function private.expire_billing_grace_periods() to service_role;

-- The same for one organization, for any of its members: pages call it before showing the plan,
-- so an expired grace period takes effect at the next page view even between cron runs. It only
-- ever applies what the mirrored subscription already says.
create or replace function public.refresh_billing_state(p_organization_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.has_permission(p_organization_id, 'organizations', 'read') and exists (
    select 1 from public.subscriptions s
    join public.organizations o on o.id = s.organization_id
    where s.organization_id = p_organization_id and s.status = 'past_due'
      and s.past_due_since <= now() - private.billing_grace_period()
      and o.subscription_plan <> 'free'
  ) then
    perform private.apply_billing_state(p_organization_id);
  end if;
end;
$$;
revoke all on function public.refresh_billing_state(uuid) from public, anon;
grant execute on function public.refresh_billing_state(uuid) to authenticated, service_role;

-- An organization with a subscription that still bills cannot be deleted: Stripe would go on
-- charging for it. Cancel first (the customer portal), then delete.
create or replace function private.organizations_guard_billing()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.subscriptions
             where organization_id = old.id and status not in ('canceled', 'incomplete_expired')) then
    raise exception 'This organization has a subscription that is still billed. Cancel it on the Billing page first, then delete the organization.'
      using errcode = 'OFCNF';
  end if;
  return old;
end;
$$;
create trigger organizations_guard_billing before delete on public.organizations
  for each row execute function private.organizations_guard_billing();

-- ---------------------------------------------------------------------------------------------
-- What the app asks

-- The start of a checkout or a portal visit: refuses anyone without billing:update, and tells the
-- app what Stripe needs to know. The app then talks to Stripe and records the customer on the
-- service path.
create or replace function public.begin_billing_change(p_organization_id uuid)
returns table (organization_id uuid, organization_name text, organization_slug text, stripe_customer_id text,
               had_subscription boolean, live_subscription_id text, live_plan_id text, live_status text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_permission(p_organization_id, 'billing', 'update') then
    raise exception 'Only owners and administrators can change the plan or the payment details.'
      using errcode = 'OFFRB';
  end if;
  return query
  select o.id, o.name, o.slug, c.stripe_customer_id,
         exists (select 1 from public.subscriptions s where s.organization_id = o.id),
         live.stripe_subscription_id, live.plan_id, live.status
  from public.organizations o
  left join public.billing_customers c on c.organization_id = o.id
  left join lateral private.current_subscription(o.id) live on true
  where o.id = p_organization_id;
end;
$$;
revoke all on function public.begin_billing_change(uuid) from public, anon;
grant execute on function public.begin_billing_change(uuid) to authenticated;

-- The plan an organization is on and what its subscription says, for every member: the banner
-- on every page explains a failed payment, a trial or a cancellation to whoever is looking.
create or replace function public.organization_plan_status(p_organization_id uuid)
returns table (plan_id text, plan_name text, status text, subscription_plan_id text, subscription_plan_name text,
               subscription_status text, past_due_since timestamptz, grace_ends_at timestamptz,
               trial_end timestamptz, current_period_end timestamptz, cancel_at_period_end boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_permission(p_organization_id, 'organizations', 'read') then
    return;
  end if;
  return query
  select o.subscription_plan, p.name, o.subscription_status, s.plan_id, sp.name, s.status, s.past_due_since,
         s.past_due_since + private.billing_grace_period(), s.trial_end, s.current_period_end,
         coalesce(s.cancel_at_period_end, false)
  from public.organizations o
  join public.subscription_plans p on p.id = o.subscription_plan
  left join lateral private.current_subscription(o.id) s on true
  left join public.subscription_plans sp on sp.id = s.plan_id
  where o.id = p_organization_id;
end;
$$;
revoke all on function public.organization_plan_status(uuid) from public, anon;
grant execute on function public.organization_plan_status(uuid) to authenticated, service_role;

-- Usage against the limits, for every member (what is used is no secret inside an organization,
-- and everyone meets the limits). Countable tables are found by their plan-limit trigger, so a
-- feature that attaches private.enforce_plan_limit() shows up here with the same filter.
create or replace function public.organization_usage(p_organization_id uuid)
returns table (resource text, label text, used bigint, max_allowed int)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org public.organizations;
  v_limits jsonb;
  r record;
begin
  if not private.has_permission(p_organization_id, 'organizations', 'read') then
    return;
  end if;
  select * into v_org from public.organizations where id = p_organization_id;
  v_limits := to_jsonb(v_org);

  -- Members as private.check_member_limit counts them when inviting: people and open invitations.
  resource := 'members';
  label := 'members';
  used := (select count(*) from public.organization_members
           where organization_id = p_organization_id and status in ('active', 'invited'))
        + (select count(*) from public.invitations
           where organization_id = p_organization_id and accepted_at is null and revoked_at is null
             and declined_at is null and expires_at > now());
  max_allowed := v_org.max_users;
  return next;

  for r in
    -- One row per table and limit, however many triggers enforce it (insert, un-archive …).
    select distinct on (a.args[1], c.relname)
           c.relname as table_name, a.args[1] as limit_column, a.args[2] as what,
           coalesce(nullif(a.args[3], ''), 'true') as filter
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid and c.relnamespace = 'public'::regnamespace
    join pg_proc p on p.oid = t.tgfoid and p.proname = 'enforce_plan_limit'
                  and p.pronamespace = 'private'::regnamespace
    cross join lateral (
      select array(select replace(x, '\\', '\') from unnest(string_to_array(encode(t.tgargs, 'escape'), '\000')) x) as args
    ) a
    where not t.tgisinternal
    order by a.args[1], c.relname
  loop
    resource := r.table_name;
    label := r.what;
    execute format('select count(*) from public.%I where organization_id = $1 and (%s)', r.table_name, r.filter)
      into used using p_organization_id;
    max_allowed := (v_limits ->> r.limit_column)::int;
    return next;
  end loop;

  resource := 'executions';
  label := 'executions this month';
  used := case when v_org.usage_period_start >= date_trunc('month', now())::date
               then v_org.executions_this_month else 0 end;
  max_allowed := v_org.max_executions_per_month;
  return next;
end;
$$;
revoke all on function public.organization_usage(uuid) from public, anon;
grant execute on function public.organization_usage(uuid) to authenticated, service_role;

-- Usage per day for the charts: the last p_days days (UTC), zeros included, for every member.
-- Workflow runs and agent tokens are counted where the engine records them (executions,
-- agent_executions), found at call time so this answers zeros until those tables exist; other
-- units come from usage_records.
create or replace function public.organization_daily_usage(p_organization_id uuid, p_days int default 30)
returns table (day date, unit text, quantity bigint)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_days int := least(greatest(coalesce(p_days, 30), 1), 366);
  v_from date := (now() at time zone 'utc')::date - (v_days - 1);
  v_sources text[] := array[]::text[];
begin
  if not private.has_permission(p_organization_id, 'organizations', 'read') then
    return;
  end if;
  if to_regclass('public.executions') is not null then
    v_sources := v_sources || format(
      $s$select 'workflow_runs'::text as unit, (created_at at time zone 'utc')::date as day, 1::bigint as quantity
         from public.executions
         where organization_id = $1 and created_at >= ($2::timestamp at time zone 'utc') and %s$s$,
      -- Test runs from the builder are not counted (the engine does not count them either).
      case when exists (select 1 from pg_attribute where attrelid = 'public.executions'::regclass
                        and attname = 'is_test' and not attisdropped)
           then 'not is_test' else 'true' end);
  end if;
  if to_regclass('public.agent_executions') is not null then
    v_sources := v_sources || ($s$select 'agent_tokens'::text as unit, (created_at at time zone 'utc')::date as day,
                                        (tokens_in + tokens_out)::bigint as quantity
                                 from public.agent_executions
                                 where organization_id = $1 and created_at >= ($2::timestamp at time zone 'utc')$s$)::text;
  end if;
  v_sources := v_sources || ($s$select unit, (period_start at time zone 'utc')::date as day, quantity
                               from public.usage_records
                               where organization_id = $1 and period_start >= ($2::timestamp at time zone 'utc')
                                 and unit not in ('workflow_runs', 'agent_tokens')$s$)::text;
  return query execute format(
    $q$select d.day, u.unit, coalesce(sum(x.quantity), 0)::bigint
       from generate_series(0, $3 - 1) as g (n)
       cross join lateral (select $2 + g.n as day) d
       cross join (select 'workflow_runs'::text as unit union select 'agent_tokens'
                   union select unit from public.usage_records
                         where organization_id = $1 and period_start >= ($2::timestamp at time zone 'utc')) u
       left join (%s) x on x.day = d.day and x.unit = u.unit
       group by d.day, u.unit
       order by d.day, u.unit$q$,
    array_to_string(v_sources, ' union all '))
  using p_organization_id, v_from, v_days;
end;
$$;
revoke all on function public.organization_daily_usage(uuid, int) from public, anon;
grant execute on function public.organization_daily_usage(uuid, int) to authenticated, service_role;

-- For the engine and the bots (service path): add to today's (UTC) counter of a unit.
create or replace function private.record_usage(p_organization_id uuid, p_unit text, p_quantity bigint,
                                                p_at timestamptz default now())
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.usage_records (organization_id, unit, quantity, period_start, period_end)
  values (p_organization_id, p_unit, p_quantity,
          date_trunc('day', p_at at time zone 'utc') at time zone 'utc',
          (date_trunc('day', p_at at time zone 'utc') + interval '1 day') at time zone 'utc')
  on conflict (organization_id, unit, period_start)
  do update set quantity = public.usage_records.quantity + excluded.quantity
$$;
revoke all on function private.record_usage(uuid, text, bigint, timestamptz) from public, anon, authenticated;
grant execute on function private.record_usage(uuid, text, bigint, timestamptz) to service_role;

-- Over-limit rows become read-only. After a downgrade an organization may have more rows than its
-- plan allows; nothing is deleted. Attach to a countable table next to its limit trigger:
--   create trigger <t>_plan_read_only before update on public.<t> for each row
--     execute function private.enforce_plan_read_only('max_workflows', 'workflows'[, '<sql filter>']);
-- The oldest rows within the limit (by created_at, then id) stay editable; the newer ones cannot
-- be changed by members, except by a change after which the row no longer counts (e.g. archiving
-- it, when the filter is status <> 'archived'). Deleting is always allowed, and so is the service
-- path (the engine's bookkeeping). The table needs created_at and id.
create or replace function private.enforce_plan_read_only()
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
  v_plan text;
  v_still_counts boolean;
  v_older int;
begin
  if coalesce((select auth.role()), '') <> 'authenticated' then
    return new;
  end if;
  execute format('select %I, subscription_plan from public.organizations where id = $1', v_limit_column)
    into v_max, v_plan using new.organization_id;
  if v_max is null then
    return new;
  end if;
  execute format('select exists (select 1 from (select ($1::%s).*) t where %s)', tg_relid::regclass, v_filter)
    into v_still_counts using new;
  if not v_still_counts then
    return new;
  end if;
  execute format('select count(*) from %I.%I where organization_id = $1 and (%s) and (created_at, id) < ($2, $3)',
                 tg_table_schema, tg_table_name, v_filter)
    into v_older using old.organization_id, old.created_at, old.id;
  if v_older >= v_max then
    raise exception 'Your % plan allows % %; this one is over the limit and read-only. Upgrade your plan, or remove others, to edit it.',
      initcap(v_plan), v_max, v_label using errcode = 'OFLIM';
  end if;
  return new;
end;
$$;
