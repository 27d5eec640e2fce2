-- Red team: a member who may change members (members:update) but holds little else, say through a
-- custom role "HR", could make a viewer an administrator: the base role was guarded only for
-- owners. Now a change of a member's base role or custom role by anyone but an owner must be held:
-- every permission the member gains or loses by it (the base role's row of the matrix, or the
-- custom role's list that replaces it) is one the actor has, as custom roles and overrides ask.

create or replace function private.role_grant_list(
  p_organization_id uuid, p_role public.organization_role, p_custom_role_id uuid
)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when p_custom_role_id is not null then
      coalesce((select r.permissions from public.custom_roles r
                where r.organization_id = p_organization_id and r.id = p_custom_role_id), '{}')
    else
      array(select rp.resource || ':' || rp.action from public.role_permissions rp
            where rp.organization_id = p_organization_id and rp.role = p_role)
  end
$$;
revoke all on function private.role_grant_list(uuid, public.organization_role, uuid) from public, anon, authenticated;

create or replace function private.guard_member_role_grants()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before text[];
  v_after text[];
  v_missing text;
begin
  if (new.role is not distinct from old.role and new.custom_role_id is not distinct from old.custom_role_id)
     or coalesce((select auth.role()), '') <> 'authenticated'
     or private.member_role(new.organization_id) = 'owner' then
    return new;
  end if;
  v_before := private.role_grant_list(old.organization_id, old.role, old.custom_role_id);
  v_after := private.role_grant_list(new.organization_id, new.role, new.custom_role_id);
  v_missing := private.holds_all_permissions(new.organization_id, array(
    (select unnest(v_after) except select unnest(v_before))
    union
    (select unnest(v_before) except select unnest(v_after))));
  if v_missing is not null then
    raise exception 'You can only give or take a role whose permissions you have yourself (%).', v_missing
      using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
create trigger organization_members_guard_role_grants before update of role, custom_role_id
  on public.organization_members
  for each row execute function private.guard_member_role_grants();
