-- Plan features: what each plan unlocks beyond its limits, declared once as data, next to the
-- limits in public.subscription_plans. The SQL guards (private.require_plan_feature), the app's
-- locked pages (public.organization_plan_features) and the pricing page
-- (public.list_subscription_plans) all read these two tables, so what is sold, what is shown and
-- what is allowed cannot drift apart.
--
-- An organization has a feature when its current plan (organizations.subscription_plan, which
-- private.apply_billing_state keeps in step with Stripe, grace period included) lists it.
-- A refusal raises SQLSTATE OFFEA, which the app maps to the AppError code feature_locked (402).
-- Refusals apply to members' own requests (auth.role() = 'authenticated'); the service path
-- (webhooks, the worker) keeps what was set up while the plan allowed it.

create table public.plan_features (
  feature text primary key check (feature ~ '^[a-z][a-z0-9_]*$'),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  -- What the feature does, in a sentence a customer understands: the locked page shows it.
  description text not null check (char_length(btrim(description)) between 1 and 500),
  position int not null default 0
);

create table public.subscription_plan_features (
  plan_id text not null references public.subscription_plans (id) on update cascade on delete cascade,
  feature text not null references public.plan_features (feature) on update cascade on delete cascade,
  primary key (plan_id, feature)
);
create index subscription_plan_features_feature_idx on public.subscription_plan_features (feature);

insert into public.plan_features (feature, name, description, position) values
  ('ghl_integration', 'GoHighLevel integration',
   'Connect your GoHighLevel location: paid invoices, orders and won opportunities become sales and commissions, contacts stay in sync, and workflows can act in your location.',
   10),
  ('commission_approvals', 'Commission approvals and payouts',
   'Managers approve each commission before it counts, then pay reps in payout batches that are approved, marked paid with your payroll reference and exported as CSV.',
   20),
  ('audit_log_export', 'Audit log export',
   'Download who changed what, and when, for your compliance records.',
   30);

insert into public.subscription_plan_features (plan_id, feature) values
  ('starter', 'ghl_integration'),
  ('professional', 'ghl_integration'),
  ('professional', 'commission_approvals'),
  ('enterprise', 'ghl_integration'),
  ('enterprise', 'commission_approvals'),
  ('enterprise', 'audit_log_export');

-- The selling points that are not features move out of the plans' own lists: the pricing page
-- builds "Everything in …" and the features from the tables above (public.list_subscription_plans).
update public.subscription_plans set features = '["Email support"]' where id = 'starter';
update public.subscription_plans set features = '["Priority support"]' where id = 'professional';
update public.subscription_plans set features = '["Dedicated success manager"]' where id = 'enterprise';

alter table public.plan_features enable row level security;
alter table public.subscription_plan_features enable row level security;
create policy "plan_features: readable by signed-in users" on public.plan_features
  for select to authenticated using (true);
create policy "subscription_plan_features: readable by signed-in users" on public.subscription_plan_features
  for select to authenticated using (true);
revoke all on public.plan_features, public.subscription_plan_features from anon;
revoke insert, update, delete, truncate on public.plan_features, public.subscription_plan_features
  from authenticated;

-- ---------------------------------------------------------------------------------------------
-- The checks

create or replace function private.plan_has_feature(p_organization_id uuid, p_feature text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.organizations o
    join public.subscription_plan_features f on f.plan_id = o.subscription_plan and f.feature = p_feature
    where o.id = p_organization_id)
$$;

-- The cheapest active plan that has a feature (for "… is part of the Starter plan and above").
create or replace function private.plan_for_feature(p_feature text)
returns public.subscription_plans
language sql
stable
security definer
set search_path = ''
as $$
  select p.* from public.subscription_plans p
  join public.subscription_plan_features f on f.plan_id = p.id and f.feature = p_feature
  where p.active
  order by p.position, p.id
  limit 1
$$;

-- Refuses a member's request when the organization's plan lacks the feature.
create or replace function private.require_plan_feature(p_organization_id uuid, p_feature text)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_name text;
  v_plan text;
begin
  -- Someone outside the organization learns nothing about its plan: RLS refuses them next.
  if coalesce((select auth.role()), '') <> 'authenticated'
     or p_organization_id not in (select private.member_organizations())
     or private.plan_has_feature(p_organization_id, p_feature) then
    return;
  end if;
  select name into v_name from public.plan_features where feature = p_feature;
  v_plan := (private.plan_for_feature(p_feature)).name;
  raise exception '% is part of the % plan and above. Upgrade your plan to use it.',
    coalesce(v_name, p_feature), coalesce(v_plan, 'a higher')
    using errcode = 'OFFEA', hint = p_feature;
end;
$$;

-- Called from security-definer functions and triggers only: a user cannot ask about another
-- organization's plan through them.
revoke all on function private.plan_has_feature(uuid, text), private.plan_for_feature(text),
  private.require_plan_feature(uuid, text) from public, anon, authenticated;
grant execute on function private.plan_has_feature(uuid, text), private.plan_for_feature(text),
  private.require_plan_feature(uuid, text) to service_role;

-- Every feature with whether this organization's plan has it and the cheapest plan that does, for
-- any member: the locked pages and the navigation read it.
create or replace function public.organization_plan_features(p_organization_id uuid)
returns table (feature text, name text, description text, included boolean, plan_id text, plan_name text)
language sql
stable
security definer
set search_path = ''
as $$
  select f.feature, f.name, f.description, private.plan_has_feature(p_organization_id, f.feature),
         (private.plan_for_feature(f.feature)).id, (private.plan_for_feature(f.feature)).name
  from public.plan_features f
  where p_organization_id in (select private.member_organizations())
  order by f.position, f.feature
$$;

-- The feature keys of the organization's plan, for the organization context of every request.
create or replace function public.organization_feature_keys(p_organization_id uuid)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(f.feature order by f.feature), '{}')
  from public.organizations o
  join public.subscription_plan_features f on f.plan_id = o.subscription_plan
  where o.id = p_organization_id and p_organization_id in (select private.member_organizations())
$$;

revoke all on function public.organization_plan_features(uuid), public.organization_feature_keys(uuid)
  from public, anon;
grant execute on function public.organization_plan_features(uuid), public.organization_feature_keys(uuid)
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The pricing page: each plan lists "Everything in <the plan before>", the features it adds, then
-- its own selling points (support). Same signature as before.

create or replace function public.list_subscription_plans()
returns table (id text, name text, description text, currency text, monthly_amount int, yearly_amount int,
               features jsonb, max_users int, max_workflows int, max_bots int, max_executions_per_month int,
               max_knowledge_base_mb int, trial_days int)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.name, p.description, p.currency, p.monthly_amount, p.yearly_amount,
         coalesce((
           select jsonb_agg(x.line order by x.grp, x.pos)
           from (
             select 0 as grp, 0::bigint as pos, 'Everything in ' || prev.name as line
             from (select q.name from public.subscription_plans q
                   where q.active and (q.position, q.id) < (p.position, p.id)
                   order by q.position desc, q.id desc limit 1) prev
             union all
             select 1, f.position, f.name
             from public.subscription_plan_features pf
             join public.plan_features f on f.feature = pf.feature
             where pf.plan_id = p.id
               and not exists (select 1 from public.subscription_plan_features earlier
                               join public.subscription_plans q on q.id = earlier.plan_id
                               where earlier.feature = pf.feature and q.active
                                 and (q.position, q.id) < (p.position, p.id))
             union all
             select 2, e.n, e.line from jsonb_array_elements_text(p.features) with ordinality as e (line, n)
           ) x
         ), '[]'::jsonb) as features,
         p.max_users, p.max_workflows, p.max_bots, p.max_executions_per_month, p.max_knowledge_base_mb, p.trial_days
  from public.subscription_plans p
  where p.active
  order by p.position, p.id
$$;
revoke all on function public.list_subscription_plans() from public;
grant execute on function public.list_subscription_plans() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Where the features are used

-- GoHighLevel: connecting a location, and entering new credentials for one.
create or replace function private.integrations_plan_feature()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.type = 'gohighlevel' then
    perform private.require_plan_feature(new.organization_id, 'ghl_integration');
  end if;
  return new;
end;
$$;
create trigger integrations_plan_feature before insert or update of credentials_ciphertext on public.integrations
  for each row execute function private.integrations_plan_feature();

-- Commission approvals: approving a commission, and every payout batch.
create or replace function private.commission_approvals_plan_feature()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'commission_calculations'
     and (new.status is not distinct from old.status or new.status <> 'approved') then
    return new;
  end if;
  perform private.require_plan_feature(new.organization_id, 'commission_approvals');
  return new;
end;
$$;
create trigger commission_calculations_plan_feature before update of status on public.commission_calculations
  for each row execute function private.commission_approvals_plan_feature();
create trigger commission_payouts_plan_feature before insert or update of status on public.commission_payouts
  for each row execute function private.commission_approvals_plan_feature();
