-- Run history retention per plan. Each plan declares, beside its other limits in
-- public.subscription_plans, how long finished runs are kept by default (run_retention_days) and
-- the longest an organization may choose (max_run_retention_days; null: it may keep them for good).
-- An organization's own choice (organizations.settings.run_retention_days: 7, 30, 90, 365 or
-- "forever"; absent: the plan's default) counts within what its plan allows: after a downgrade a
-- longer choice is cut to the plan's maximum. The pruning job (private.prune_run_history), the
-- settings page and the guard below all compute it with public.effective_run_retention_days.
--
-- Before this migration an organization without a choice kept its runs for good; from now on it
-- keeps them for its plan's default (Free: 7 days).

alter table public.subscription_plans
  add column run_retention_days int check (run_retention_days > 0),
  add column max_run_retention_days int check (max_run_retention_days > 0);

update public.subscription_plans set run_retention_days = 7, max_run_retention_days = 7 where id = 'free';
update public.subscription_plans set run_retention_days = 30, max_run_retention_days = 90 where id = 'starter';
update public.subscription_plans set run_retention_days = 90, max_run_retention_days = 365 where id = 'professional';
update public.subscription_plans set run_retention_days = 365, max_run_retention_days = null where id = 'enterprise';

-- A plan's default is within its own maximum (a plan that keeps everything by default has no maximum).
alter table public.subscription_plans add constraint subscription_plans_run_retention_within_max
  check (max_run_retention_days is null
         or (run_retention_days is not null and run_retention_days <= max_run_retention_days));

-- The days an organization's finished runs are kept (null: for good), from its choice and its
-- plan's default and maximum. Pure: no table is read, so any role may call it.
create or replace function public.effective_run_retention_days(
  p_choice jsonb, p_plan_default int, p_plan_max int)
returns int
language sql
immutable
set search_path = ''
as $$
  select case
    when p_choice = '"forever"'::jsonb then p_plan_max
    when jsonb_typeof(p_choice) = 'number'
      then greatest(1, least(round((p_choice)::numeric), coalesce(p_plan_max, 36500)))::int
    else p_plan_default
  end
$$;
revoke all on function public.effective_run_retention_days(jsonb, int, int) from public, anon;
grant execute on function public.effective_run_retention_days(jsonb, int, int) to authenticated, service_role;

-- The settings guard of 20261207002501_organization_settings.sql, with the retention choice checked
-- against the plan: a member cannot choose longer than the plan keeps (SQLSTATE OFFEA, the app's
-- feature_locked). The service path (the operator, billing) is not refused.
create or replace function private.guard_organization_settings()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_editable constant text[] := array['allow_private_network', 'timezone', 'currency', 'brand_color', 'run_retention_days'];
  v_new jsonb := coalesce(new.settings, '{}'::jsonb);
  v_old jsonb := case when tg_op = 'UPDATE' then coalesce(old.settings, '{}'::jsonb) else '{}'::jsonb end;
  v_plan_name text;
  v_plan_max int;
  v_days int;
begin
  if v_new is not distinct from v_old then
    return new;
  end if;
  if current_user = 'authenticated' and tg_op = 'UPDATE' then
    if (v_new - v_editable) is distinct from (v_old - v_editable) then
      raise exception 'These settings are set by the operator of this Orgflow install.' using errcode = 'OFFRB';
    end if;
    if (v_new -> 'allow_private_network') is distinct from (v_old -> 'allow_private_network')
       and private.member_role(new.id) is distinct from 'owner' then
      raise exception 'Only an owner can let workflow steps reach private network addresses.' using errcode = 'OFFRB';
    end if;
  end if;
  if v_new ? 'allow_private_network' and jsonb_typeof(v_new -> 'allow_private_network') <> 'boolean' then
    raise exception 'Private network access is either on or off.' using errcode = 'OFVAL';
  end if;
  if v_new ? 'timezone' and (jsonb_typeof(v_new -> 'timezone') <> 'string'
      or char_length(v_new ->> 'timezone') > 64
      or not exists (select 1 from pg_catalog.pg_timezone_names where name = v_new ->> 'timezone')) then
    raise exception 'Choose a time zone from the list.' using errcode = 'OFVAL';
  end if;
  if v_new ? 'currency' and coalesce(v_new ->> 'currency', '') !~ '^[A-Z]{3}$' then
    raise exception 'A currency is a three-letter code such as USD.' using errcode = 'OFVAL';
  end if;
  if v_new ? 'brand_color' and coalesce(v_new ->> 'brand_color', '') !~ '^#[0-9a-fA-F]{6}$' then
    raise exception 'A colour is written #rrggbb, e.g. #2563eb.' using errcode = 'OFVAL';
  end if;
  if v_new ? 'run_retention_days' then
    if (v_new -> 'run_retention_days') not in ('7'::jsonb, '30'::jsonb, '90'::jsonb, '365'::jsonb, '"forever"'::jsonb) then
      raise exception 'Keep run history for 7, 30, 90 or 365 days, or for good.' using errcode = 'OFVAL';
    end if;
    if current_user = 'authenticated'
       and (v_new -> 'run_retention_days') is distinct from (v_old -> 'run_retention_days') then
      select p.name, p.max_run_retention_days into v_plan_name, v_plan_max
      from public.subscription_plans p where p.id = new.subscription_plan;
      v_days := case when jsonb_typeof(v_new -> 'run_retention_days') = 'number'
                     then (v_new ->> 'run_retention_days')::int end;  -- null: "forever"
      if v_plan_max is not null and (v_days is null or v_days > v_plan_max) then
        raise exception 'The % plan keeps run history for up to % days. Upgrade your plan to keep it longer.',
          coalesce(v_plan_name, 'current'), v_plan_max
          using errcode = 'OFFEA', hint = 'run_retention';
      end if;
    end if;
  end if;
  return new;
end;
$$;

-- Pruning, as 20261207002503_retention_counts_from_the_end.sql, for every organization by its
-- effective retention. An organization's runs are found through executions_org_created_idx
-- (a run that finished before the cut started before it too), so a batch reads only doomed rows.
create or replace function private.prune_run_history(p_batch integer default 1000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  with kept as (
    select o.id as organization_id,
           now() - make_interval(days => public.effective_run_retention_days(
             o.settings -> 'run_retention_days', p.run_retention_days, p.max_run_retention_days)) as cut
    from public.organizations o
    left join public.subscription_plans p on p.id = o.subscription_plan
  ),
  doomed as (
    select e.id
    from kept k
    join public.executions e on e.organization_id = k.organization_id
    where k.cut is not null
      and e.created_at < k.cut
      and e.status in ('completed', 'failed', 'cancelled')
      and coalesce(e.completed_at, e.created_at) < k.cut
    limit greatest(1, least(p_batch, 10000))
    for update of e skip locked
  )
  delete from public.executions e using doomed where e.id = doomed.id;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;
revoke all on function private.prune_run_history(integer) from public, anon, authenticated;
grant execute on function private.prune_run_history(integer) to service_role;
