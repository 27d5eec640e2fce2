-- Red team: inviting took members:create alone, whatever the role invited as. A member whose
-- custom role lets them invite but holds little else could invite a second address of theirs as an
-- administrator and accept it; with members:update they could turn an open viewer invitation into
-- an administrator one, or point an administrator invitation at another address. An invitation's
-- role is now held like a role change (20261207048000_member_role_escalation.sql): whoever is not
-- an owner invites, re-roles or re-addresses an invitation only as a role whose permissions (the
-- role's row of the matrix) they hold themselves. Resending and withdrawing stay as they were.

create or replace function private.guard_invitation_role()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_missing text;
begin
  if tg_op = 'UPDATE' and new.role is not distinct from old.role and new.email is not distinct from old.email then
    return new;
  end if;
  v_missing := private.holds_all_permissions(new.organization_id,
                 private.role_grant_list(new.organization_id, new.role, null));
  if v_missing is not null then
    raise exception 'You can only invite as a role whose permissions you have yourself (%).', v_missing
      using errcode = 'OFFRB';
  end if;
  return new;
end;
$$;
revoke all on function private.guard_invitation_role() from public, anon, authenticated;

create trigger invitations_guard_role before insert or update of role, email on public.invitations
  for each row execute function private.guard_invitation_role();
