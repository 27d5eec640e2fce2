-- Per-member permission overrides (organization_members.custom_permissions), which the one
-- permission function (private.permitted_organizations) already honours:
--   {"grant": ["workflows:create"], "revoke": ["sales:read"]} on top of the member's role.
-- Until now nothing checked what was written there. This guard makes the column safe to offer:
--   * its shape: only "grant" and "revoke", each a list of known "resource:action" permissions;
--   * no escalation: a member who is not an owner grants or revokes only permissions they hold
--     themselves (an administrator cannot hand out organizations:delete), and cannot change their
--     own overrides (private.guard_member_change already refuses that);
--   * every change is in the audit log (organization_members' audit trigger records the column).

create or replace function private.valid_permission_list(p_list jsonb)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_list is null
      or (jsonb_typeof(p_list) = 'array'
          and jsonb_array_length(p_list) <= 200
          and not exists (
            select 1 from jsonb_array_elements(p_list) e (item)
            where jsonb_typeof(e.item) <> 'string'
               or not exists (
                 select 1 from public.permission_resources r
                 cross join unnest(enum_range(null::public.permission_action)) a (action)
                 where r.resource || ':' || a.action = e.item #>> '{}')))
$$;

create or replace function private.guard_member_overrides()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changed text;
  v_parts text[];
begin
  if new.custom_permissions is not distinct from old.custom_permissions then
    return new;
  end if;
  if exists (select 1 from jsonb_object_keys(new.custom_permissions) k where k not in ('grant', 'revoke'))
     or not private.valid_permission_list(new.custom_permissions -> 'grant')
     or not private.valid_permission_list(new.custom_permissions -> 'revoke') then
    raise exception 'Permission overrides are lists of known permissions under "grant" and "revoke".'
      using errcode = 'OFVAL';
  end if;
  if exists (select * from jsonb_array_elements_text(coalesce(new.custom_permissions -> 'grant', '[]'))
             intersect
             select * from jsonb_array_elements_text(coalesce(new.custom_permissions -> 'revoke', '[]'))) then
    raise exception 'A permission cannot be both granted and revoked.' using errcode = 'OFVAL';
  end if;
  if coalesce((select auth.role()), '') = 'authenticated'
     and private.member_role(new.organization_id) is distinct from 'owner' then
    -- Every permission added to or removed from either list must be one the actor holds.
    for v_changed in
      with lists (list, old_items, new_items) as (
        select l, coalesce(old.custom_permissions -> l, '[]'), coalesce(new.custom_permissions -> l, '[]')
        from unnest(array['grant', 'revoke']) l)
      select distinct x.item from lists,
        lateral ((select * from jsonb_array_elements_text(lists.new_items)
                  except select * from jsonb_array_elements_text(lists.old_items))
                 union
                 (select * from jsonb_array_elements_text(lists.old_items)
                  except select * from jsonb_array_elements_text(lists.new_items))) x (item)
    loop
      v_parts := string_to_array(v_changed, ':');
      if not private.has_permission(new.organization_id, v_parts[1], v_parts[2]::public.permission_action) then
        raise exception 'You can only grant or revoke permissions you have yourself (%).', v_changed
          using errcode = 'OFFRB';
      end if;
    end loop;
  end if;
  return new;
end;
$$;

create trigger organization_members_guard_overrides before update of custom_permissions
  on public.organization_members
  for each row execute function private.guard_member_overrides();

revoke all on function private.valid_permission_list(jsonb) from public, anon, authenticated;
grant execute on function private.valid_permission_list(jsonb) to service_role;
