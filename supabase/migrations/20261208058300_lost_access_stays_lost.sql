-- Red team: two ways back to access someone had lost.
--
-- 1. A revoked API key came back to life with `revoked_at = null` (api_keys:update; the column is
--    granted so that members can revoke), with its creator's power, for whoever holds the leaked
--    secret. Revoking is final now: a member may set revoked_at, never change or clear it.
--
-- 2. A member who may change members (members:update) but holds little else, say through a custom
--    role, could restore a suspended administrator or suspend one. Suspending and restoring take
--    away and give back everything the member's role (or custom role) and overrides grant, so
--    private.guard_member_role_grants (20261207048000_member_role_escalation.sql) now also judges
--    a change of status, comparing what the member could do before and after.

create or replace function private.guard_api_key_revocation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce((select auth.role()), '') = 'authenticated'
     and old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'A revoked API key stays revoked. Create a new key instead.' using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
revoke all on function private.guard_api_key_revocation() from public, anon, authenticated;
create trigger api_keys_guard_revocation before update of revoked_at on public.api_keys
  for each row execute function private.guard_api_key_revocation();

-- What a membership lets its member do: the role's (or custom role's) permissions with the
-- overrides, nothing while it is not active.
create or replace function private.member_grant_list(
  p_organization_id uuid, p_role public.organization_role, p_custom_role_id uuid, p_status text,
  p_overrides jsonb
)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select case when p_status is distinct from 'active' then '{}'::text[] else array(
    (select unnest(private.role_grant_list(p_organization_id, p_role, p_custom_role_id))
     union
     select jsonb_array_elements_text(coalesce(p_overrides -> 'grant', '[]'::jsonb)))
    except
    select jsonb_array_elements_text(coalesce(p_overrides -> 'revoke', '[]'::jsonb))) end
$$;
revoke all on function private.member_grant_list(uuid, public.organization_role, uuid, text, jsonb)
  from public, anon, authenticated;

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
  if (new.role is not distinct from old.role and new.custom_role_id is not distinct from old.custom_role_id
      and new.status is not distinct from old.status)
     or coalesce((select auth.role()), '') <> 'authenticated'
     or private.member_role(new.organization_id) = 'owner' then
    return new;
  end if;
  v_before := private.member_grant_list(old.organization_id, old.role, old.custom_role_id, old.status,
                                        old.custom_permissions);
  v_after := private.member_grant_list(new.organization_id, new.role, new.custom_role_id, new.status,
                                       new.custom_permissions);
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
drop trigger organization_members_guard_role_grants on public.organization_members;
create trigger organization_members_guard_role_grants before update of role, custom_role_id, status
  on public.organization_members
  for each row execute function private.guard_member_role_grants();
