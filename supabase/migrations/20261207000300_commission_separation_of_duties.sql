-- Separation of duties on commissions and payouts (issue #15, item 10).
--
-- The attack this closes: an administrator who is also a rep unlinked their own team member
-- (team_members.user_id := null), approved their own commission (the guard compared the approver
-- with the link as it was at that moment: nobody), then linked themselves again.
--
-- What the boundary checks now:
--   * Every login ever linked to a team member is remembered (private.team_member_user_links,
--     written by a trigger, never by users). Approving or rejecting a commission, approving a payout
--     and marking a payout paid are refused to anyone who is or ever was the rep's login: unlinking
--     first changes nothing.
--   * The rep (login and team member) is recorded with each approval and payment, and a check
--     constraint refuses a row whose approver (or payer) is that rep, whatever path wrote it.
--   * Linking a login to a team member is refused while that login has approved one of the team
--     member's commissions or payouts that is not paid yet: the approval would become one's own.
-- As GitHub does with pull requests (the author is recorded on the PR and can never approve it,
-- whatever their permissions become) and Stripe with its dual control on payouts, the decision
-- rests on who the person was, recorded, not on a link that the approver can edit.

-- ---------------------------------------------------------------------------------------------
-- Every login ever linked to a team member.

create table private.team_member_user_links (
  team_member_id uuid not null references public.team_members (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  first_linked_at timestamptz not null default now(),
  primary key (team_member_id, user_id)
);
create index team_member_user_links_user_idx on private.team_member_user_links (user_id);
create index team_member_user_links_org_idx on private.team_member_user_links (organization_id);
revoke all on private.team_member_user_links from public, anon, authenticated;

insert into private.team_member_user_links (team_member_id, user_id, organization_id)
select id, user_id, organization_id from public.team_members where user_id is not null
on conflict do nothing;

create or replace function private.record_team_member_link()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.user_id is not null then
    insert into private.team_member_user_links (team_member_id, user_id, organization_id)
    values (new.id, new.user_id, new.organization_id)
    on conflict do nothing;
  end if;
  return null;
end;
$$;
create trigger team_members_record_link after insert or update of user_id on public.team_members
  for each row execute function private.record_team_member_link();

-- True when p_user_id is, or ever was, the login of the team member.
create or replace function private.is_or_was_rep(p_team_member_id uuid, p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_user_id is not null and (
    exists (select 1 from public.team_members where id = p_team_member_id and user_id = p_user_id)
    or exists (select 1 from private.team_member_user_links
               where team_member_id = p_team_member_id and user_id = p_user_id))
$$;
revoke all on function private.is_or_was_rep(uuid, uuid) from public, anon;
grant execute on function private.is_or_was_rep(uuid, uuid) to authenticated, service_role;

-- The rep's login to record with a decision: the linked one, else the one linked last.
create or replace function private.rep_user(p_team_member_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select user_id from public.team_members where id = p_team_member_id),
    (select user_id from private.team_member_user_links where team_member_id = p_team_member_id
     order by first_linked_at desc limit 1))
$$;
revoke all on function private.rep_user(uuid) from public, anon;
grant execute on function private.rep_user(uuid) to authenticated, service_role;

-- Linking a login to a team member whose open approvals that login made would turn them into
-- self-approvals after the fact.
create or replace function private.team_members_link_guard()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.user_id is not null and new.user_id is distinct from old.user_id and (
       exists (select 1 from public.commission_calculations
               where team_member_id = new.id and status = 'approved' and approved_by = new.user_id)
       or exists (select 1 from public.commission_payouts
                  where team_member_id = new.id and status = 'approved' and approved_by = new.user_id)) then
    raise exception 'That login approved commissions or payouts of this team member that are not paid yet; reopen them before linking, so nobody holds an approval of their own.'
      using errcode = 'OFCNF';
  end if;
  return new;
end;
$$;
create trigger team_members_link_guard before update of user_id on public.team_members
  for each row execute function private.team_members_link_guard();

-- ---------------------------------------------------------------------------------------------
-- The rep recorded with each decision; the approver or payer is never that rep.

alter table public.commission_calculations
  add column approved_rep_team_member_id uuid,
  add column approved_rep_user_id uuid references auth.users (id) on delete set null,
  add constraint commission_calculations_not_self_approved
    check (approved_by is null or approved_rep_user_id is null or approved_by <> approved_rep_user_id);
create index commission_calculations_approved_rep_user_idx on public.commission_calculations (approved_rep_user_id);

alter table public.commission_payouts
  add column approved_rep_user_id uuid references auth.users (id) on delete set null,
  add column paid_rep_user_id uuid references auth.users (id) on delete set null,
  add constraint commission_payouts_not_self_approved
    check (approved_by is null or approved_rep_user_id is null or approved_by <> approved_rep_user_id),
  add constraint commission_payouts_not_self_paid
    check (paid_by is null or paid_rep_user_id is null or paid_by <> paid_rep_user_id);
create index commission_payouts_approved_rep_user_idx on public.commission_payouts (approved_rep_user_id);
create index commission_payouts_paid_rep_user_idx on public.commission_payouts (paid_rep_user_id);

-- The guards of 20261122000200_commissions.sql, with the checks above (unchanged otherwise).

create or replace function private.commission_calculations_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_user_stmt boolean := current_user = 'authenticated';
  v_uid uuid := (select auth.uid());
  v_locked boolean;
  v_in_payout boolean;
begin
  if tg_op = 'INSERT' then
    if v_user_stmt then
      perform private.require_permission(new.organization_id, 'commissions', 'create');
      -- What a person adds by hand waits for approval like everything else.
      new.kind := 'adjustment';
      new.status := 'pending';
      new.approved_by := null; new.approved_at := null;
      new.approved_rep_team_member_id := null; new.approved_rep_user_id := null;
      new.rejected_by := null; new.rejected_at := null; new.rejection_reason := null;
      new.paid_at := null;
      new.gross_amount_minor := new.amount_minor;
    end if;
    return new;
  end if;

  if tg_op = 'DELETE' then
    -- Cascades (a transaction, team member or organization going) take everything with them.
    if v_user_stmt and pg_trigger_depth() = 1 and old.status in ('approved', 'paid') then
      raise exception 'An approved or paid commission cannot be deleted; reject it or add an adjustment.'
        using errcode = 'OFCNF';
    end if;
    return old;
  end if;

  -- UPDATE
  v_locked := old.status in ('approved', 'paid') and private.period_closed(old.organization_id, old.period_month);
  if v_locked and (new.amount_minor, new.base_minor, new.team_member_id, new.period_month, new.currency)
                  is distinct from (old.amount_minor, old.base_minor, old.team_member_id, old.period_month, old.currency)
                  or v_locked and new.status is distinct from old.status
                     and not (old.status = 'approved' and new.status = 'paid') then
    raise exception 'The period % is closed: its approved commissions are locked. Record an adjustment instead.',
      to_char(old.period_month, 'YYYY-MM') using errcode = 'OFCNF';
  end if;
  if old.status = 'paid' and new.status is distinct from old.status then
    raise exception 'This commission has been paid; a change to it becomes an adjustment in the next payout.'
      using errcode = 'OFCNF';
  end if;

  if v_user_stmt then
    v_in_payout := exists (select 1 from public.commission_payout_items where calculation_id = old.id);
    if new.status is distinct from old.status then
      if new.status in ('paid', 'clawed_back') then
        raise exception 'Commissions are marked paid by their payout, and clawed back by refunds.' using errcode = 'OFFRB';
      end if;
      if not private.has_permission(old.organization_id, 'commissions', 'approve') then
        raise exception 'You do not have permission to approve or reject commissions.' using errcode = 'OFFRB';
      end if;
      if old.status not in ('pending', 'approved', 'rejected') then
        raise exception 'A % commission cannot be changed.', old.status using errcode = 'OFCNF';
      end if;
      if v_in_payout then
        raise exception 'This commission is in a payout. Remove it from the draft payout first.' using errcode = 'OFCNF';
      end if;
      -- Whoever is or ever was linked to the commission's team member: unlinking oneself first
      -- does not make it someone else's commission.
      if private.is_or_was_rep(old.team_member_id, v_uid) then
        raise exception 'You cannot approve or reject your own commission.' using errcode = 'OFFRB';
      end if;
      if new.status = 'rejected' and nullif(btrim(coalesce(new.rejection_reason, '')), '') is null then
        raise exception 'Give a reason for rejecting the commission.' using errcode = 'OFVAL';
      end if;
    end if;
    if (new.amount_minor, new.base_minor, new.explanation, new.team_member_id, new.period_month)
       is distinct from (old.amount_minor, old.base_minor, old.explanation, old.team_member_id, old.period_month) then
      if not private.has_permission(old.organization_id, 'commissions', 'update') then
        raise exception 'You do not have permission to edit commissions.' using errcode = 'OFFRB';
      end if;
      if old.status not in ('pending', 'rejected') or new.status not in ('pending', 'rejected') then
        raise exception 'Only a pending commission can be edited; an approved one changes through an adjustment.'
          using errcode = 'OFCNF';
      end if;
    end if;
  end if;

  -- Bookkeeping of the decision, whoever made it.
  if new.status is distinct from old.status then
    if new.status = 'approved' then
      new.approved_by := v_uid; new.approved_at := now();
      new.rejected_by := null; new.rejected_at := null; new.rejection_reason := null;
      -- Who the rep was when it was approved, kept with the approval (the check constraint
      -- refuses an approval by that same person, whatever later links say).
      new.approved_rep_team_member_id := new.team_member_id;
      new.approved_rep_user_id := private.rep_user(new.team_member_id);
    elsif new.status = 'rejected' then
      new.rejected_by := v_uid; new.rejected_at := now();
      new.approved_by := null; new.approved_at := null;
      new.approved_rep_team_member_id := null; new.approved_rep_user_id := null;
    elsif new.status = 'pending' then
      new.approved_by := null; new.approved_at := null;
      new.approved_rep_team_member_id := null; new.approved_rep_user_id := null;
      new.rejected_by := null; new.rejected_at := null; new.rejection_reason := null;
    elsif new.status = 'paid' then
      new.paid_at := coalesce(new.paid_at, now());
    end if;
  end if;
  return new;
end;
$$;

create or replace function private.commission_payouts_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_user_stmt boolean := current_user = 'authenticated';
  v_uid uuid := (select auth.uid());
begin
  if tg_op = 'INSERT' then
    if v_user_stmt then
      perform private.require_permission(new.organization_id, 'payouts', 'create');
      new.status := 'draft';
      new.total_minor := 0;
      new.approved_by := null; new.approved_at := null;
      new.paid_at := null; new.paid_by := null; new.reference := null;
      new.approved_rep_user_id := null; new.paid_rep_user_id := null;
      new.created_by := v_uid;
    end if;
    return new;
  end if;
  if tg_op = 'DELETE' then
    if pg_trigger_depth() = 1 and old.status <> 'draft' then
      raise exception 'Only a draft payout can be deleted.' using errcode = 'OFCNF';
    end if;
    return old;
  end if;

  if (new.team_member_id, new.period_month, new.currency) is distinct from (old.team_member_id, old.period_month, old.currency) then
    raise exception 'A payout''s team member, period and currency cannot change.' using errcode = 'OFVAL';
  end if;
  if old.status <> 'draft' and new.total_minor is distinct from old.total_minor then
    raise exception 'Only a draft payout''s total can change.' using errcode = 'OFCNF';
  end if;
  if new.status is distinct from old.status then
    if old.status = 'paid' then
      raise exception 'This payout has been paid and cannot change.' using errcode = 'OFCNF';
    end if;
    if new.status = 'approved' and old.status = 'draft' then
      if v_user_stmt then
        if not private.has_permission(old.organization_id, 'payouts', 'approve') then
          raise exception 'You do not have permission to approve payouts.' using errcode = 'OFFRB';
        end if;
        if private.is_or_was_rep(old.team_member_id, v_uid) then
          raise exception 'You cannot approve your own payout.' using errcode = 'OFFRB';
        end if;
      end if;
      new.approved_by := v_uid; new.approved_at := now();
      new.approved_rep_user_id := private.rep_user(old.team_member_id);
    elsif new.status = 'draft' and old.status = 'approved' then
      if v_user_stmt and not private.has_permission(old.organization_id, 'payouts', 'approve') then
        raise exception 'You do not have permission to approve payouts.' using errcode = 'OFFRB';
      end if;
      new.approved_by := null; new.approved_at := null; new.approved_rep_user_id := null;
    elsif new.status = 'paid' and old.status = 'approved' then
      if v_user_stmt and not private.has_permission(old.organization_id, 'payouts', 'update') then
        raise exception 'You do not have permission to mark payouts paid.' using errcode = 'OFFRB';
      end if;
      if v_user_stmt and private.is_or_was_rep(old.team_member_id, v_uid) then
        raise exception 'You cannot mark your own payout paid.' using errcode = 'OFFRB';
      end if;
      new.paid_rep_user_id := private.rep_user(old.team_member_id);
      if nullif(btrim(coalesce(new.reference, '')), '') is null then
        raise exception 'Give the payment reference (e.g. the payroll run or transfer id).' using errcode = 'OFVAL';
      end if;
      new.paid_at := coalesce(new.paid_at, now());
      new.paid_by := v_uid;
    else
      raise exception 'A payout goes draft → approved → paid (it cannot go from % to %).', old.status, new.status
        using errcode = 'OFCNF';
    end if;
  elsif old.status = 'paid' and (new.reference, new.paid_at) is distinct from (old.reference, old.paid_at) then
    raise exception 'This payout has been paid and cannot change.' using errcode = 'OFCNF';
  elsif v_user_stmt and old.status = 'draft' and new.reference is distinct from old.reference then
    -- Harmless, but the reference belongs to the payment.
    new.reference := old.reference;
  end if;
  return new;
end;
$$;
