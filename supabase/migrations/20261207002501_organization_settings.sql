-- What an organization's people set for it on the settings page, kept in organizations.settings:
--   allow_private_network  boolean      HTTP steps may call private addresses (owners only)
--   timezone               IANA name    default time zone for schedules and reports
--   currency               ISO 4217     default currency for plans and reports
--   brand_color            #rrggbb      the organization's colour (widget, statements)
--   run_retention_days     7|30|90|365  how long run history is kept (absent: kept for good)
-- Every other key (the engine's limits: max_concurrent_executions, max_run_seconds) belongs to the
-- operator: members, and API keys acting for them, cannot change it.
create or replace function private.guard_organization_settings()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_editable constant text[] := array['allow_private_network', 'timezone', 'currency', 'brand_color', 'run_retention_days'];
  v_new jsonb := coalesce(new.settings, '{}'::jsonb);
  v_old jsonb := case when tg_op = 'UPDATE' then coalesce(old.settings, '{}'::jsonb) else '{}'::jsonb end;
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
  if v_new ? 'run_retention_days' and coalesce(v_new ->> 'run_retention_days', '') not in ('7', '30', '90', '365') then
    raise exception 'Keep run history for 7, 30, 90 or 365 days, or for good.' using errcode = 'OFVAL';
  end if;
  return new;
end;
$$;

create trigger organizations_guard_settings before insert or update of settings on public.organizations
  for each row execute function private.guard_organization_settings();

-- Pruning run history past an organization's retention, in small batches so it never holds long
-- locks on a busy table: the scheduled job calls this until it returns fewer than the batch.
create or replace function private.prune_run_history(p_batch integer default 1000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  with doomed as (
    select e.id
    from public.executions e
    join public.organizations o on o.id = e.organization_id
    where o.settings ? 'run_retention_days'
      and e.status in ('completed', 'failed', 'cancelled')
      and e.created_at < now() - make_interval(days => (o.settings ->> 'run_retention_days')::int)
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
