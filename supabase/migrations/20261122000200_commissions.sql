-- Sales and commissions: transactions (from GoHighLevel, CSV or entered by hand), commission plans
-- and rules, the calculations they produce, approval, payouts and period close, receipts.
--
-- Who sees what. Transactions follow `sales`; rules and calculations `commissions`; payouts and
-- periods `payouts`, as everywhere. On top of that, calculations, payouts and payout items (and so
-- the statements made from them) are filtered to the team members one may see:
-- private.visible_team_members() gives everyone in the organization to those holding
-- `team_commissions:read` (administrators and viewers by default), and to everyone else only the
-- team member linked to their own login (team_members.user_id). So a `sales` member reads their
-- own commissions and payouts, and nobody else's.
--
-- Writes made by the system (commissions computed for a sale, clawbacks after a refund, marking
-- calculations paid when their payout is paid) run on the service path or inside security-definer
-- triggers; the guards below apply their user rules only to statements issued by the
-- `authenticated` role itself (current_user), and their invariants to everyone.

-- ---------------------------------------------------------------------------------------------
-- One more permission: seeing everyone's commissions rather than only one's own.

insert into public.permission_resources (resource, label, description, position) values
  ('team_commissions', 'Everyone''s commissions',
   'See the commissions, payouts and statements of every team member (without it, only one''s own)', 105);

insert into public.role_permission_defaults (role, resource, action) values
  ('administrator', 'team_commissions', 'read'),
  ('viewer', 'team_commissions', 'read');

-- Organizations that exist already get the new defaults too.
insert into public.role_permissions (organization_id, role, resource, action)
select o.id, d.role, d.resource, d.action
from public.organizations o
cross join public.role_permission_defaults d
where d.resource = 'team_commissions'
on conflict do nothing;

-- Composite keys so that rows of one organization can only point at rows of the same one.
alter table public.team_members add constraint team_members_org_id_key unique (organization_id, id);
alter table public.contacts add constraint contacts_org_id_key unique (organization_id, id);

-- ---------------------------------------------------------------------------------------------
-- Transactions

create table public.sales_transactions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  source text not null check (source in ('ghl_invoice', 'ghl_order', 'ghl_opportunity', 'manual', 'csv')),
  external_id text not null check (char_length(external_id) between 1 and 255),
  team_member_id uuid,
  -- The GHL user the sale came with; kept while no team member is mapped to it.
  ghl_user_id text check (ghl_user_id is null or char_length(ghl_user_id) between 1 and 255),
  contact_id uuid,
  opportunity_id text check (opportunity_id is null or char_length(opportunity_id) between 1 and 255),
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  paid_at timestamptz not null,
  refunded_amount_minor bigint not null default 0 check (refunded_amount_minor >= 0),
  refunded_at timestamptz,
  refund_reason text check (refund_reason is null or char_length(refund_reason) <= 500),
  status text not null generated always as (
    case when refunded_amount_minor = 0 then 'paid'
         when refunded_amount_minor >= amount_minor then 'refunded'
         else 'partially_refunded' end) stored,
  description text check (description is null or char_length(description) <= 1000),
  raw jsonb,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, source, external_id),
  unique (organization_id, id),
  check (refunded_amount_minor <= amount_minor),
  foreign key (organization_id, team_member_id) references public.team_members (organization_id, id)
    on delete set null (team_member_id),
  foreign key (organization_id, contact_id) references public.contacts (organization_id, id)
    on delete set null (contact_id)
);
create index sales_transactions_org_paid_idx on public.sales_transactions (organization_id, paid_at desc, id);
create index sales_transactions_team_member_idx on public.sales_transactions (team_member_id, paid_at);
create index sales_transactions_contact_idx on public.sales_transactions (contact_id);
create index sales_transactions_created_by_idx on public.sales_transactions (created_by);
create index sales_transactions_unmapped_idx on public.sales_transactions (organization_id, ghl_user_id)
  where team_member_id is null and ghl_user_id is not null;

select private.setup_tenant_table('public.sales_transactions', 'sales');

-- Receipts attached to an opportunity (seed 004): the file, and what was read from it, by the AI
-- provider when one is configured, typed in by a person otherwise.
create table public.opportunity_receipts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  opportunity_id text not null check (char_length(opportunity_id) between 1 and 255),
  transaction_id uuid,
  file_path text not null check (char_length(file_path) between 1 and 1000),
  file_name text check (file_name is null or char_length(file_name) <= 255),
  content_type text check (content_type is null or content_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
  extraction_status text not null default 'pending' check (extraction_status in ('pending', 'extracted', 'typed', 'failed')),
  extraction_method text check (extraction_method is null or extraction_method in ('ai', 'manual')),
  extracted_amount_minor bigint check (extracted_amount_minor is null or extracted_amount_minor >= 0),
  extracted_currency text check (extracted_currency is null or extracted_currency ~ '^[A-Z]{3}$'),
  extracted_date date,
  extracted_vendor text check (extracted_vendor is null or char_length(extracted_vendor) <= 255),
  extraction_error text check (extraction_error is null or char_length(extraction_error) <= 1000),
  extraction_raw jsonb,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, transaction_id) references public.sales_transactions (organization_id, id)
    on delete set null (transaction_id)
);
create index opportunity_receipts_org_opportunity_idx on public.opportunity_receipts (organization_id, opportunity_id);
create index opportunity_receipts_transaction_idx on public.opportunity_receipts (transaction_id);
create index opportunity_receipts_created_by_idx on public.opportunity_receipts (created_by);

select private.setup_tenant_table('public.opportunity_receipts', 'sales');

-- ---------------------------------------------------------------------------------------------
-- Plans and rules

create table public.commission_plans (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 2000),
  active boolean not null default true,
  effective_from date not null default '2000-01-01',
  effective_to date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  check (effective_to is null or effective_to >= effective_from)
);
create index commission_plans_org_idx on public.commission_plans (organization_id, name);

select private.setup_tenant_table('public.commission_plans', 'commissions');

-- A rule applies to one team member, to every team member of a type, or (both null) to all; the
-- most specific level that has rules in a plan is the one used. Kinds:
--   percentage: rate_percent of the deal;  flat: flat_amount_minor per deal;
--   tiered: marginal rates by attainment of quota_minor within the period (tiers: [{"fromPercent":
--   0, "ratePercent": 5}, {"fromPercent": 100, "ratePercent": 8}]), the part above 100% multiplied
--   by accelerator_multiplier.
-- cap_per_period_minor caps what the rule pays one team member in a month; splits
-- ([{"teamMemberId": null | uuid, "percent": 70}], null meaning the deal's own rep) share the deal
-- between team members before the rule is applied to each share.
create table public.commission_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  plan_id uuid not null,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  team_member_id uuid,
  member_type text check (member_type is null or member_type in ('sales', 'support', 'operations')),
  kind text not null check (kind in ('percentage', 'flat', 'tiered')),
  rate_percent numeric(9, 4) check (rate_percent is null or rate_percent between 0 and 100),
  flat_amount_minor bigint check (flat_amount_minor is null or flat_amount_minor >= 0),
  quota_minor bigint check (quota_minor is null or quota_minor > 0),
  tiers jsonb check (tiers is null or (jsonb_typeof(tiers) = 'array' and jsonb_array_length(tiers) between 1 and 20)),
  accelerator_multiplier numeric(6, 3) check (accelerator_multiplier is null or accelerator_multiplier between 1 and 10),
  cap_per_period_minor bigint check (cap_per_period_minor is null or cap_per_period_minor >= 0),
  -- Amounts of the rule (flat, quota, cap) are in this currency; a rule with one applies only to
  -- deals in it. A percentage rule without amounts may leave it null.
  currency text check (currency is null or currency ~ '^[A-Z]{3}$'),
  splits jsonb check (splits is null or (jsonb_typeof(splits) = 'array' and jsonb_array_length(splits) between 1 and 20)),
  effective_from date,
  effective_to date,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  check (effective_to is null or effective_from is null or effective_to >= effective_from),
  check (kind <> 'percentage' or rate_percent is not null),
  check (kind <> 'flat' or (flat_amount_minor is not null and currency is not null)),
  check (kind <> 'tiered' or (quota_minor is not null and tiers is not null and currency is not null)),
  check (cap_per_period_minor is null or currency is not null),
  check (team_member_id is null or member_type is null),
  foreign key (organization_id, plan_id) references public.commission_plans (organization_id, id) on delete cascade,
  foreign key (organization_id, team_member_id) references public.team_members (organization_id, id) on delete cascade
);
create index commission_rules_org_plan_idx on public.commission_rules (organization_id, plan_id, position);
create index commission_rules_plan_idx on public.commission_rules (plan_id);
create index commission_rules_team_member_idx on public.commission_rules (team_member_id);

select private.setup_tenant_table('public.commission_rules', 'commissions');

-- ---------------------------------------------------------------------------------------------
-- Periods: a closed month locks its approved numbers; later changes become adjustment lines.

create table public.commission_periods (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  period_month date not null check (extract(day from period_month) = 1),
  closed_at timestamptz,
  closed_by uuid references auth.users (id) on delete set null,
  note text check (note is null or char_length(note) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, period_month)
);
create index commission_periods_closed_by_idx on public.commission_periods (closed_by);

select private.setup_tenant_table('public.commission_periods', 'payouts');

create or replace function private.period_closed(p_organization_id uuid, p_month date)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.commission_periods
                 where organization_id = p_organization_id and period_month = p_month and closed_at is not null)
$$;
revoke all on function private.period_closed(uuid, date) from public, anon;
grant execute on function private.period_closed(uuid, date) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Calculations

create table public.commission_calculations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  transaction_id uuid not null,
  team_member_id uuid not null,
  -- null for a team member's default rate and for adjustment lines.
  rule_id uuid,
  -- commission: computed from a rule; clawback: the negative line after a refund of a line that
  -- was already approved or paid; adjustment: entered by hand.
  kind text not null default 'commission' check (kind in ('commission', 'clawback', 'adjustment')),
  adjusts_calculation_id uuid references public.commission_calculations (id) on delete cascade,
  -- The month the line counts in (the paid date's for a commission, the refund's for a clawback).
  period_month date not null check (extract(day from period_month) = 1),
  base_minor bigint not null default 0,
  -- What the rule gave when first computed; amount_minor is what is owed now.
  gross_amount_minor bigint not null,
  amount_minor bigint not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  explanation text not null default '' check (char_length(explanation) <= 4000),
  status text not null default 'pending'
    check (status in ('pending', 'approved', 'rejected', 'paid', 'clawed_back')),
  approved_by uuid references auth.users (id) on delete set null,
  approved_at timestamptz,
  rejected_by uuid references auth.users (id) on delete set null,
  rejected_at timestamptz,
  rejection_reason text check (rejection_reason is null or char_length(btrim(rejection_reason)) between 1 and 1000),
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  check (status <> 'rejected' or rejection_reason is not null),
  check (kind <> 'commission' or (amount_minor >= 0 and gross_amount_minor >= 0)),
  check (kind <> 'clawback' or (amount_minor <= 0 and adjusts_calculation_id is not null)),
  foreign key (organization_id, transaction_id) references public.sales_transactions (organization_id, id) on delete cascade,
  foreign key (organization_id, team_member_id) references public.team_members (organization_id, id) on delete cascade,
  foreign key (organization_id, rule_id) references public.commission_rules (organization_id, id)
    on delete set null (rule_id)
);
-- A rule pays a team member once per transaction (what makes computing idempotent).
create unique index commission_calculations_once_idx on public.commission_calculations
  (transaction_id, team_member_id, rule_id) nulls not distinct where kind = 'commission';
create index commission_calculations_org_status_idx on public.commission_calculations (organization_id, status, period_month);
create index commission_calculations_org_period_idx on public.commission_calculations (organization_id, period_month, team_member_id);
create index commission_calculations_member_period_idx on public.commission_calculations (team_member_id, period_month, rule_id);
create index commission_calculations_transaction_idx on public.commission_calculations (transaction_id);
create index commission_calculations_rule_idx on public.commission_calculations (rule_id);
create index commission_calculations_adjusts_idx on public.commission_calculations (adjusts_calculation_id);
create index commission_calculations_approved_by_idx on public.commission_calculations (approved_by);
create index commission_calculations_rejected_by_idx on public.commission_calculations (rejected_by);

select private.setup_tenant_table('public.commission_calculations', 'commissions');

-- ---------------------------------------------------------------------------------------------
-- Payouts

create table public.commission_payouts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  team_member_id uuid not null,
  period_month date not null check (extract(day from period_month) = 1),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  total_minor bigint not null default 0,
  status text not null default 'draft' check (status in ('draft', 'approved', 'paid')),
  approved_by uuid references auth.users (id) on delete set null,
  approved_at timestamptz,
  paid_at timestamptz,
  paid_by uuid references auth.users (id) on delete set null,
  reference text check (reference is null or char_length(btrim(reference)) between 1 and 200),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  check (status <> 'paid' or (paid_at is not null and reference is not null)),
  foreign key (organization_id, team_member_id) references public.team_members (organization_id, id) on delete cascade
);
create index commission_payouts_org_period_idx on public.commission_payouts (organization_id, period_month desc, status);
create index commission_payouts_team_member_idx on public.commission_payouts (team_member_id, period_month);
create index commission_payouts_approved_by_idx on public.commission_payouts (approved_by);
create index commission_payouts_paid_by_idx on public.commission_payouts (paid_by);
create index commission_payouts_created_by_idx on public.commission_payouts (created_by);

select private.setup_tenant_table('public.commission_payouts', 'payouts');

create table public.commission_payout_items (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  payout_id uuid not null,
  calculation_id uuid not null unique,
  team_member_id uuid not null,
  amount_minor bigint not null,
  created_at timestamptz not null default now(),
  foreign key (organization_id, payout_id) references public.commission_payouts (organization_id, id) on delete cascade,
  foreign key (organization_id, calculation_id) references public.commission_calculations (organization_id, id) on delete cascade,
  foreign key (organization_id, team_member_id) references public.team_members (organization_id, id) on delete cascade
);
create index commission_payout_items_payout_idx on public.commission_payout_items (payout_id);
create index commission_payout_items_org_idx on public.commission_payout_items (organization_id);
create index commission_payout_items_team_member_idx on public.commission_payout_items (team_member_id);

select private.setup_tenant_table('public.commission_payout_items', 'payouts');

-- ---------------------------------------------------------------------------------------------
-- Own rows or all of the organization: the team members whose commissions the current user may
-- read under `p_resource`. Shared by the read policies of calculations, payouts and their items.

create or replace function private.visible_team_members(p_resource text)
returns setof uuid
language plpgsql
stable
rows 50
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null then
    return;
  end if;
  return query
  select tm.id
  from public.team_members tm
  where tm.organization_id in (select private.permitted_organizations(p_resource, 'read'))
    and (tm.user_id = v_user
         or tm.organization_id in (select private.permitted_organizations('team_commissions', 'read')));
end;
$$;

-- The login linked to a team member (for "nobody approves their own"), whatever the caller may read.
create or replace function private.team_member_user(p_team_member_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select user_id from public.team_members where id = p_team_member_id
$$;

revoke all on function private.visible_team_members(text), private.team_member_user(uuid) from public, anon;
grant execute on function private.visible_team_members(text), private.team_member_user(uuid) to authenticated, service_role;

-- Replaces the generic policies of setup_tenant_table on the tables holding each rep's money.
-- Read (all three): the resource's permission and the team member filter. Update (calculations
-- and payouts): `update` for edits, or `approve` for the status changes of approving and
-- rejecting (the guard tells them apart).
do $$
declare
  t record;
begin
  for t in
    select * from (values
      ('commission_calculations', 'commissions', true),
      ('commission_payouts', 'payouts', true),
      ('commission_payout_items', 'payouts', false)
    ) as v(tbl, resource, approvable)
  loop
    execute format('drop policy %I on public.%I', t.tbl || ': read', t.tbl);
    execute format(
      'create policy %I on public.%I for select to authenticated
         using (organization_id in (select private.permitted_organizations(%L, ''read''))
                and team_member_id in (select private.visible_team_members(%L)))',
      t.tbl || ': read', t.tbl, t.resource, t.resource);
    if t.approvable then
      execute format('drop policy %I on public.%I', t.tbl || ': update', t.tbl);
      execute format(
        'create policy %I on public.%I for update to authenticated
           using (organization_id in (select private.permitted_organizations(%L, ''update''))
                  or organization_id in (select private.permitted_organizations(%L, ''approve'')))
           with check (organization_id in (select private.permitted_organizations(%L, ''update''))
                       or organization_id in (select private.permitted_organizations(%L, ''approve'')))',
        t.tbl || ': update', t.tbl, t.resource, t.resource, t.resource, t.resource);
    end if;
  end loop;
end;
$$;
-- Items are added and removed, never edited.
revoke update on public.commission_payout_items from authenticated;

-- Columns the system keeps: users never set them directly.
revoke update on public.commission_calculations from authenticated;
grant update (status, rejection_reason, amount_minor, base_minor, explanation, team_member_id, period_month)
  on public.commission_calculations to authenticated;
revoke update on public.commission_payouts from authenticated;
grant update (status, reference, paid_at) on public.commission_payouts to authenticated;
revoke update on public.sales_transactions from authenticated;
grant update (team_member_id, contact_id, opportunity_id, description, refunded_amount_minor, refunded_at, refund_reason)
  on public.sales_transactions to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Guards. Invoker functions on purpose: current_user = 'authenticated' means a user's own
-- statement; the system's writes (service role, security-definer triggers) pass the user rules.

create or replace function private.commission_calculations_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_user_stmt boolean := current_user = 'authenticated';
  v_uid uuid := (select auth.uid());
  v_locked boolean;
  v_in_payout boolean;
begin
  if tg_op = 'INSERT' then
    if v_user_stmt then
      perform private.require_permission(new.organization_id, 'commissions', 'create');
      -- What a person adds by hand waits for approval like everything else.
      new.kind := 'adjustment';
      new.status := 'pending';
      new.approved_by := null; new.approved_at := null;
      new.rejected_by := null; new.rejected_at := null; new.rejection_reason := null;
      new.paid_at := null;
      new.gross_amount_minor := new.amount_minor;
    end if;
    return new;
  end if;

  if tg_op = 'DELETE' then
    -- Cascades (a transaction, team member or organization going) take everything with them.
    if v_user_stmt and pg_trigger_depth() = 1 and old.status in ('approved', 'paid') then
      raise exception 'An approved or paid commission cannot be deleted; reject it or add an adjustment.'
        using errcode = 'OFCNF';
    end if;
    return old;
  end if;

  -- UPDATE
  v_locked := old.status in ('approved', 'paid') and private.period_closed(old.organization_id, old.period_month);
  if v_locked and (new.amount_minor, new.base_minor, new.team_member_id, new.period_month, new.currency)
                  is distinct from (old.amount_minor, old.base_minor, old.team_member_id, old.period_month, old.currency)
                  or v_locked and new.status is distinct from old.status
                     and not (old.status = 'approved' and new.status = 'paid') then
    raise exception 'The period % is closed: its approved commissions are locked. Record an adjustment instead.',
      to_char(old.period_month, 'YYYY-MM') using errcode = 'OFCNF';
  end if;
  if old.status = 'paid' and new.status is distinct from old.status then
    raise exception 'This commission has been paid; a change to it becomes an adjustment in the next payout.'
      using errcode = 'OFCNF';
  end if;

  if v_user_stmt then
    v_in_payout := exists (select 1 from public.commission_payout_items where calculation_id = old.id);
    if new.status is distinct from old.status then
      if new.status in ('paid', 'clawed_back') then
        raise exception 'Commissions are marked paid by their payout, and clawed back by refunds.' using errcode = 'OFFRB';
      end if;
      if not private.has_permission(old.organization_id, 'commissions', 'approve') then
        raise exception 'You do not have permission to approve or reject commissions.' using errcode = 'OFFRB';
      end if;
      if old.status not in ('pending', 'approved', 'rejected') then
        raise exception 'A % commission cannot be changed.', old.status using errcode = 'OFCNF';
      end if;
      if v_in_payout then
        raise exception 'This commission is in a payout. Remove it from the draft payout first.' using errcode = 'OFCNF';
      end if;
      if private.team_member_user(old.team_member_id) = v_uid then
        raise exception 'You cannot approve or reject your own commission.' using errcode = 'OFFRB';
      end if;
      if new.status = 'rejected' and nullif(btrim(coalesce(new.rejection_reason, '')), '') is null then
        raise exception 'Give a reason for rejecting the commission.' using errcode = 'OFVAL';
      end if;
    end if;
    if (new.amount_minor, new.base_minor, new.explanation, new.team_member_id, new.period_month)
       is distinct from (old.amount_minor, old.base_minor, old.explanation, old.team_member_id, old.period_month) then
      if not private.has_permission(old.organization_id, 'commissions', 'update') then
        raise exception 'You do not have permission to edit commissions.' using errcode = 'OFFRB';
      end if;
      if old.status not in ('pending', 'rejected') or new.status not in ('pending', 'rejected') then
        raise exception 'Only a pending commission can be edited; an approved one changes through an adjustment.'
          using errcode = 'OFCNF';
      end if;
    end if;
  end if;

  -- Bookkeeping of the decision, whoever made it.
  if new.status is distinct from old.status then
    if new.status = 'approved' then
      new.approved_by := v_uid; new.approved_at := now();
      new.rejected_by := null; new.rejected_at := null; new.rejection_reason := null;
    elsif new.status = 'rejected' then
      new.rejected_by := v_uid; new.rejected_at := now();
      new.approved_by := null; new.approved_at := null;
    elsif new.status = 'pending' then
      new.approved_by := null; new.approved_at := null;
      new.rejected_by := null; new.rejected_at := null; new.rejection_reason := null;
    elsif new.status = 'paid' then
      new.paid_at := coalesce(new.paid_at, now());
    end if;
  end if;
  return new;
end;
$$;
create trigger commission_calculations_guard before insert or update or delete on public.commission_calculations
  for each row execute function private.commission_calculations_guard();

create or replace function private.commission_payouts_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_user_stmt boolean := current_user = 'authenticated';
  v_uid uuid := (select auth.uid());
begin
  if tg_op = 'INSERT' then
    if v_user_stmt then
      perform private.require_permission(new.organization_id, 'payouts', 'create');
      new.status := 'draft';
      new.total_minor := 0;
      new.approved_by := null; new.approved_at := null;
      new.paid_at := null; new.paid_by := null; new.reference := null;
      new.created_by := v_uid;
    end if;
    return new;
  end if;
  if tg_op = 'DELETE' then
    if pg_trigger_depth() = 1 and old.status <> 'draft' then
      raise exception 'Only a draft payout can be deleted.' using errcode = 'OFCNF';
    end if;
    return old;
  end if;

  if (new.team_member_id, new.period_month, new.currency) is distinct from (old.team_member_id, old.period_month, old.currency) then
    raise exception 'A payout''s team member, period and currency cannot change.' using errcode = 'OFVAL';
  end if;
  if old.status <> 'draft' and new.total_minor is distinct from old.total_minor then
    raise exception 'Only a draft payout''s total can change.' using errcode = 'OFCNF';
  end if;
  if new.status is distinct from old.status then
    if old.status = 'paid' then
      raise exception 'This payout has been paid and cannot change.' using errcode = 'OFCNF';
    end if;
    if new.status = 'approved' and old.status = 'draft' then
      if v_user_stmt then
        if not private.has_permission(old.organization_id, 'payouts', 'approve') then
          raise exception 'You do not have permission to approve payouts.' using errcode = 'OFFRB';
        end if;
        if private.team_member_user(old.team_member_id) = v_uid then
          raise exception 'You cannot approve your own payout.' using errcode = 'OFFRB';
        end if;
      end if;
      new.approved_by := v_uid; new.approved_at := now();
    elsif new.status = 'draft' and old.status = 'approved' then
      if v_user_stmt and not private.has_permission(old.organization_id, 'payouts', 'approve') then
        raise exception 'You do not have permission to approve payouts.' using errcode = 'OFFRB';
      end if;
      new.approved_by := null; new.approved_at := null;
    elsif new.status = 'paid' and old.status = 'approved' then
      if v_user_stmt and not private.has_permission(old.organization_id, 'payouts', 'update') then
        raise exception 'You do not have permission to mark payouts paid.' using errcode = 'OFFRB';
      end if;
      if nullif(btrim(coalesce(new.reference, '')), '') is null then
        raise exception 'Give the payment reference (e.g. the payroll run or transfer id).' using errcode = 'OFVAL';
      end if;
      new.paid_at := coalesce(new.paid_at, now());
      new.paid_by := v_uid;
    else
      raise exception 'A payout goes draft → approved → paid (it cannot go from % to %).', old.status, new.status
        using errcode = 'OFCNF';
    end if;
  elsif old.status = 'paid' and (new.reference, new.paid_at) is distinct from (old.reference, old.paid_at) then
    raise exception 'This payout has been paid and cannot change.' using errcode = 'OFCNF';
  elsif v_user_stmt and old.status = 'draft' and new.reference is distinct from old.reference then
    -- Harmless, but the reference belongs to the payment.
    new.reference := old.reference;
  end if;
  return new;
end;
$$;
create trigger commission_payouts_guard before insert or update or delete on public.commission_payouts
  for each row execute function private.commission_payouts_guard();

-- When a payout is paid, so are its calculations.
create or replace function private.commission_payouts_paid()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.commission_calculations c set status = 'paid', paid_at = new.paid_at
  from public.commission_payout_items i
  where i.payout_id = new.id and c.id = i.calculation_id and c.status = 'approved';
  return null;
end;
$$;
create trigger commission_payouts_paid after update of status on public.commission_payouts
  for each row when (new.status = 'paid' and old.status is distinct from 'paid')
  execute function private.commission_payouts_paid();

create or replace function private.commission_payout_items_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_payout public.commission_payouts;
  v_calc public.commission_calculations;
  v_row public.commission_payout_items;
begin
  if tg_op = 'INSERT' then v_row := new; else v_row := old; end if;
  if tg_op = 'INSERT' and current_user = 'authenticated' then
    perform private.require_permission(new.organization_id, 'payouts', 'create');
  end if;
  -- Cascades from a payout, calculation or organization going.
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  select * into v_payout from public.commission_payouts where id = v_row.payout_id and organization_id = v_row.organization_id;
  if found and v_payout.status <> 'draft' then
    raise exception 'Only a draft payout''s lines can change.' using errcode = 'OFCNF';
  end if;
  if tg_op = 'INSERT' and current_user = 'authenticated' then
    select * into v_calc from public.commission_calculations where id = new.calculation_id and organization_id = new.organization_id;
    if not found or v_calc.status <> 'approved' then
      raise exception 'Only approved commissions can be paid out.' using errcode = 'OFVAL';
    end if;
    if v_calc.team_member_id <> v_payout.team_member_id or v_calc.currency <> v_payout.currency then
      raise exception 'A payout holds the commissions of one team member in one currency.' using errcode = 'OFVAL';
    end if;
    new.team_member_id := v_calc.team_member_id;
    new.amount_minor := v_calc.amount_minor;
  end if;
  if tg_op = 'INSERT' then
    return new;
  end if;
  return old;
end;
$$;
create trigger commission_payout_items_guard before insert or delete on public.commission_payout_items
  for each row execute function private.commission_payout_items_guard();

-- A draft payout's total is the sum of its lines.
create or replace function private.commission_payout_items_total()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.commission_payouts p
  set total_minor = coalesce((select sum(amount_minor) from public.commission_payout_items where payout_id = p.id), 0)
  where p.id = coalesce(new.payout_id, old.payout_id) and p.status = 'draft';
  return null;
end;
$$;
create trigger commission_payout_items_total after insert or delete on public.commission_payout_items
  for each row execute function private.commission_payout_items_total();

-- Periods: closing and reopening are stamped with who and when.
create or replace function private.commission_periods_stamp()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.closed_at is not null and (tg_op = 'INSERT' or old.closed_at is null) then
    new.closed_by := (select auth.uid());
  elsif new.closed_at is null then
    new.closed_by := null;
  end if;
  return new;
end;
$$;
create trigger commission_periods_stamp before insert or update on public.commission_periods
  for each row execute function private.commission_periods_stamp();
