-- Red team: removing a member takes away everything their membership lets them do, as suspending
-- does (20261208058300_lost_access_stays_lost.sql), but took members:delete alone: a member whose
-- custom role only removes members could remove the administrators. Whoever is not an owner now
-- removes only a member whose permissions they hold; leaving (one's own membership) and removals
-- cascading from an organization's or a user's deletion are as they were.

create or replace function private.guard_member_removal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_missing text;
begin
  if pg_trigger_depth() > 1
     or coalesce((select auth.role()), '') <> 'authenticated'
     or old.user_id = (select auth.uid())
     or private.member_role(old.organization_id) = 'owner' then
    return old;
  end if;
  v_missing := private.holds_all_permissions(old.organization_id,
                 private.member_grant_list(old.organization_id, old.role, old.custom_role_id, old.status,
                                           old.custom_permissions));
  if v_missing is not null then
    raise exception 'You can only remove a member whose permissions you have yourself (%).', v_missing
      using errcode = 'OFFRB';
  end if;
  return old;
end;
$$;
revoke all on function private.guard_member_removal() from public, anon, authenticated;
create trigger organization_members_guard_removal before delete on public.organization_members
  for each row execute function private.guard_member_removal();
