-- Custom roles: an organization defines roles beyond the five (a name, a description and the
-- permissions picked from the matrix) and gives one to a member. A member with a custom role has
-- that role's permissions instead of their base role's (organization_members.role stays, so who
-- is an owner is still answered by the role; owners ignore custom roles and have everything).
-- The per-member overrides (custom_permissions) apply on top, as before.
--
-- The one permission function, private.permitted_organizations, is the only place that reads
-- them: RLS and the UI (public.my_permissions, public.has_permission) both go through it.
-- Nobody hands out more than they hold: a member who is not an owner puts into a role, or gives
-- a member a role with, only permissions they hold themselves, and nobody but an owner changes
-- their own custom role. Every change is in the audit log.

create table public.custom_roles (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 60),
  description text not null default '' check (char_length(description) <= 300),
  -- "resource:action" strings (checked by the guard below against permission_resources).
  permissions text[] not null default '{}' check (cardinality(permissions) <= 200),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id)
);
create unique index custom_roles_name_idx on public.custom_roles (organization_id, lower(btrim(name)));
create index custom_roles_created_by_idx on public.custom_roles (created_by);

alter table public.custom_roles enable row level security;
create policy "custom_roles: read" on public.custom_roles for select to authenticated
  using (organization_id in (select private.permitted_organizations('organizations', 'read'))
         or organization_id in (select private.permitted_organizations('members', 'read')));
create policy "custom_roles: create" on public.custom_roles for insert to authenticated
  with check (organization_id in (select private.permitted_organizations('organizations', 'update')));
create policy "custom_roles: update" on public.custom_roles for update to authenticated
  using (organization_id in (select private.permitted_organizations('organizations', 'update')))
  with check (organization_id in (select private.permitted_organizations('organizations', 'update')));
create policy "custom_roles: delete" on public.custom_roles for delete to authenticated
  using (organization_id in (select private.permitted_organizations('organizations', 'update')));
revoke all on public.custom_roles from anon;
create trigger custom_roles_touch_updated_at before update on public.custom_roles
  for each row execute function private.touch_updated_at();
create trigger custom_roles_audit after insert or update or delete on public.custom_roles
  for each row execute function private.audit_row_change();

alter table public.organization_members add column custom_role_id uuid;
-- The role must be of the member's own organization; deleting it puts its members back on their base role.
alter table public.organization_members add constraint organization_members_custom_role_fkey
  foreign key (organization_id, custom_role_id) references public.custom_roles (organization_id, id)
  on delete set null (custom_role_id);
create index organization_members_custom_role_idx on public.organization_members (organization_id, custom_role_id)
  where custom_role_id is not null;
grant update (custom_role_id) on public.organization_members to authenticated;

-- The actor holds every permission of the list (owners hold all; the service path is trusted).
create or replace function private.holds_all_permissions(p_organization_id uuid, p_permissions text[])
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_item text;
begin
  if coalesce((select auth.role()), '') <> 'authenticated'
     or private.member_role(p_organization_id) = 'owner' then
    return null;
  end if;
  foreach v_item in array coalesce(p_permissions, '{}') loop
    if not private.has_permission(p_organization_id, split_part(v_item, ':', 1),
                                  split_part(v_item, ':', 2)::public.permission_action) then
      return v_item;
    end if;
  end loop;
  return null;
end;
$$;

create or replace function private.guard_custom_role()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_missing text;
begin
  if not private.valid_permission_list(to_jsonb(new.permissions)) then
    raise exception 'A role''s permissions are known permissions, like "workflows:read".' using errcode = 'OFVAL';
  end if;
  new.permissions := array(select distinct p from unnest(new.permissions) p order by p);
  new.name := btrim(new.name);
  -- What changed must be held by whoever changes it.
  v_missing := private.holds_all_permissions(new.organization_id, array(
    (select unnest(new.permissions) except select unnest(coalesce(old.permissions, '{}')))
    union
    (select unnest(coalesce(old.permissions, '{}')) except select unnest(new.permissions))));
  if v_missing is not null then
    raise exception 'You can only put permissions you have yourself into a role (%).', v_missing
      using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
create trigger custom_roles_guard before insert or update on public.custom_roles
  for each row execute function private.guard_custom_role();

create or replace function private.guard_member_custom_role()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_missing text;
begin
  if new.custom_role_id is not distinct from old.custom_role_id
     or coalesce((select auth.role()), '') <> 'authenticated'
     or private.member_role(new.organization_id) = 'owner' then
    return new;
  end if;
  if old.user_id = (select auth.uid()) then
    raise exception 'You cannot change your own role, status or permissions.' using errcode = 'OFFRB';
  end if;
  -- Giving or taking away a role changes the member's permissions by the role's: hold them all.
  v_missing := private.holds_all_permissions(new.organization_id, array(
    select unnest(r.permissions) from public.custom_roles r
    where r.organization_id = new.organization_id and r.id in (new.custom_role_id, old.custom_role_id)));
  if v_missing is not null then
    raise exception 'You can only give a role whose permissions you have yourself (%).', v_missing
      using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
create trigger organization_members_guard_custom_role before update of custom_role_id
  on public.organization_members
  for each row execute function private.guard_member_custom_role();

-- The one permission function, now with custom roles: a member's custom role replaces their
-- base role's row of the matrix; overrides and API keys narrow or widen as before.
create or replace function private.permitted_organizations(p_resource text, p_action public.permission_action)
returns setof uuid
language plpgsql
stable
rows 5
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_key uuid := nullif((select auth.jwt()) ->> 'api_key_id', '')::uuid;
  v_permission text := p_resource || ':' || p_action;
begin
  if v_user is null then
    return;
  end if;
  return query
  select m.organization_id
  from public.organization_members m
  join public.organizations o on o.id = m.organization_id and o.status <> 'cancelled'
  where m.user_id = v_user
    and m.status = 'active'
    and (
      m.role = 'owner'
      or (
        (
          (m.custom_role_id is null
           and exists (select 1 from public.role_permissions rp
                       where rp.organization_id = m.organization_id and rp.role = m.role
                         and rp.resource = p_resource and rp.action = p_action))
          or (m.custom_role_id is not null
              and exists (select 1 from public.custom_roles cr
                          where cr.organization_id = m.organization_id and cr.id = m.custom_role_id
                            and v_permission = any (cr.permissions)))
          or coalesce(m.custom_permissions -> 'grant', '[]'::jsonb) ? v_permission
        )
        and not coalesce(m.custom_permissions -> 'revoke', '[]'::jsonb) ? v_permission
      )
    )
    and (
      v_key is null
      or exists (
        select 1 from public.api_keys k
        where k.id = v_key
          and k.organization_id = m.organization_id
          and k.revoked_at is null
          and (k.expires_at is null or k.expires_at > now())
          and v_permission = any (k.permissions)
      )
    );
end;
$$;

revoke all on function private.holds_all_permissions(uuid, text[]) from public, anon, authenticated;
grant execute on function private.holds_all_permissions(uuid, text[]) to service_role;
