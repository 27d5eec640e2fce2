-- Red team: the permission matrix (role_permissions) was edited with organizations:update alone and
-- nothing checked what was handed out. An administrator could tick organizations:delete for
-- administrators (an owner's power), and a member whose custom role holds organizations:update but
-- little else could give the viewer role members:update or api_keys:create. Now whoever is not an
-- owner adds to or takes from a role only permissions they hold themselves, as custom roles and
-- one member's overrides already ask. Rows written by other triggers (a new organization's seed,
-- an organization's deletion cascading to its matrix) are the trusted path and pass.

create or replace function private.guard_role_permission_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.role_permissions := case when tg_op = 'DELETE' then old else new end;
  v_missing text;
begin
  if pg_trigger_depth() > 1 then
    return v_row;
  end if;
  v_missing := private.holds_all_permissions(v_row.organization_id,
                                             array[v_row.resource || ':' || v_row.action]);
  if v_missing is not null then
    raise exception 'You can only add to or take from a role permissions you have yourself (%).', v_missing
      using errcode = 'OFFRB';
  end if;
  return v_row;
end;
$$;
revoke all on function private.guard_role_permission_change() from public, anon, authenticated;

create trigger role_permissions_guard before insert or delete on public.role_permissions
  for each row execute function private.guard_role_permission_change();
