-- Red team: a member reads the commissions and payouts of the team member linked to their login
-- (private.visible_team_members), and everyone's only with team_commissions:read. Linking a login
-- to a team member took team_members:create / update alone, so a member allowed to edit the team
-- (a custom role, an override) could link themselves to a colleague's team member, or add one
-- linked to them, and read that colleague's commissions and payouts. Linking a login now asks the
-- member for team_commissions:read, what the link reveals; unlinking and every other edit are as
-- they were, and the service path (GoHighLevel mapping, imports) is unchanged.

create or replace function private.guard_team_member_link()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.user_id is not null
     and (tg_op = 'INSERT' or new.user_id is distinct from old.user_id)
     and private.holds_all_permissions(new.organization_id, array['team_commissions:read']) is not null then
    raise exception 'Linking a login to a team member shows them its commissions: you need to see everyone''s commissions to do it.'
      using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
revoke all on function private.guard_team_member_link() from public, anon, authenticated;
create trigger team_members_guard_link before insert or update of user_id on public.team_members
  for each row execute function private.guard_team_member_link();
