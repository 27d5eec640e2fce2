-- The inbox a support team lives in (issue #19, item 6): conversations are assigned to a member and
-- snoozed until a time; private notes beside the transcript (a table of their own, so nothing that
-- reads messages for the visitor can ever return one); the organization's canned replies (a
-- resource of the permission matrix); the team told when a visitor waits for a person; and the
-- inbox and the bell woken through Postgres notifications (lib/db/notifications.ts).
--
-- The inbox's four statuses are read from what is here, not stored twice: pending = the bot is
-- answering (status 'active'), open = handed to the team (status 'handed_off') and not snoozed,
-- snoozed = handed to the team with snoozed_until in the future (it is open again when that time
-- passes, or as soon as the visitor writes), resolved = status 'closed'.

alter table public.conversation_sessions
  add column assignee_user_id uuid,
  add column snoozed_until timestamptz;
-- Only a member of the conversation's organization can be assigned; leaving it unassigns.
alter table public.conversation_sessions
  add constraint conversation_sessions_assignee_fkey foreign key (organization_id, assignee_user_id)
  references public.organization_members (organization_id, user_id) on delete set null (assignee_user_id);
create index conversation_sessions_assignee_idx
  on public.conversation_sessions (organization_id, assignee_user_id, last_message_at desc)
  where assignee_user_id is not null;
grant update (assignee_user_id, snoozed_until) on public.conversation_sessions to authenticated;
-- Assigning is audited. Unassigning is not: it also happens through the foreign key when a member
-- or the whole organization goes, and an audit row for an organization being deleted cannot be kept.
create trigger conversation_sessions_audit_assignee after update of assignee_user_id on public.conversation_sessions
  for each row when (new.assignee_user_id is not null and old.assignee_user_id is distinct from new.assignee_user_id)
  execute function private.audit_row_change();

-- A visitor who writes in a snoozed conversation wakes it (in the update the runtime makes anyway).
create or replace function private.conversation_sessions_wake()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.snoozed_until is not null and new.last_message_at > old.last_message_at
     and coalesce((select auth.role()), '') <> 'authenticated' then
    new.snoozed_until := null;
  end if;
  return new;
end;
$$;
create trigger conversation_sessions_wake before update of last_message_at on public.conversation_sessions
  for each row execute function private.conversation_sessions_wake();

-- ---------------------------------------------------------------------------------------------
-- Private notes: the team's, never the visitor's.

create table public.conversation_notes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  session_id uuid not null,
  author_user_id uuid references auth.users (id) on delete set null,
  author_name text not null default 'Team' check (char_length(author_name) between 1 and 200),
  content text not null check (char_length(btrim(content)) between 1 and 4000),
  created_at timestamptz not null default now(),
  foreign key (session_id, organization_id)
    references public.conversation_sessions (id, organization_id) on delete cascade
);
create index conversation_notes_session_idx on public.conversation_notes (session_id, organization_id, created_at);
create index conversation_notes_organization_id_idx on public.conversation_notes (organization_id);
create index conversation_notes_author_user_id_idx on public.conversation_notes (author_user_id);

select private.setup_tenant_table('public.conversation_notes', 'conversations');
-- Notes are written (conversations:create, as a reply is) and not edited.
revoke insert, update on public.conversation_notes from authenticated;
grant insert (organization_id, session_id, content) on public.conversation_notes to authenticated;

create or replace function private.conversation_notes_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce((select auth.role()), '') = 'authenticated' then
    new.author_user_id := (select auth.uid());
    new.author_name := coalesce((select nullif(btrim(display_name), '') from public.profiles
                                 where id = new.author_user_id), 'Team');
  end if;
  return new;
end;
$$;
create trigger conversation_notes_before_insert before insert on public.conversation_notes
  for each row execute function private.conversation_notes_before_insert();

-- ---------------------------------------------------------------------------------------------
-- Canned replies: an organization's saved answers, a resource of the permission matrix.

insert into public.permission_resources (resource, label, description, position) values
  ('canned_replies', 'Canned replies', 'Saved answers the team inserts in the inbox', 75);

insert into public.role_permission_defaults (role, resource, action)
select 'administrator'::public.organization_role, 'canned_replies', a.action
from unnest(enum_range(null::public.permission_action)) as a (action)
union all
select x.role::public.organization_role, 'canned_replies', x.action::public.permission_action
from (values
  ('viewer', 'read'), ('sales', 'read'),
  ('bot_trainer', 'read'), ('bot_trainer', 'create'), ('bot_trainer', 'update'), ('bot_trainer', 'delete')
) as x (role, action);

-- Organizations that exist already get the same defaults.
insert into public.role_permissions (organization_id, role, resource, action)
select o.id, d.role, d.resource, d.action
from public.organizations o
cross join public.role_permission_defaults d
where d.resource = 'canned_replies'
on conflict (organization_id, role, resource, action) do nothing;

create table public.canned_replies (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- What follows "/" in the reply box: lower-case letters, digits, "-" and "_".
  shortcut text not null check (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  content text not null check (char_length(btrim(content)) between 1 and 4000),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, shortcut)
);
create index canned_replies_created_by_idx on public.canned_replies (created_by);

select private.setup_tenant_table('public.canned_replies', 'canned_replies');
revoke insert, update on public.canned_replies from authenticated;
grant insert (organization_id, shortcut, content) on public.canned_replies to authenticated;
grant update (shortcut, content) on public.canned_replies to authenticated;

-- ---------------------------------------------------------------------------------------------
-- A visitor waits for a person: a bell entry for the assignee, or for everyone who may take
-- conversations over (conversations:update) when nobody is assigned. Only hand-offs the visitor's
-- side makes (the bot's service path) notify; a member taking a conversation over has it already.
-- Emails, per each recipient's preference, are sent by the job the runtime queues with the turn.

create or replace function private.conversation_waiting_recipients(p_session_id uuid)
returns table (user_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select m.user_id
  from public.conversation_sessions s
  join public.organization_members m on m.organization_id = s.organization_id and m.status = 'active'
  where s.id = p_session_id
    and case
      when s.assignee_user_id is not null then m.user_id = s.assignee_user_id
      else m.role = 'owner' or (
        (exists (select 1 from public.role_permissions rp
                 where rp.organization_id = m.organization_id and rp.role = m.role
                   and rp.resource = 'conversations' and rp.action = 'update')
         or coalesce(m.custom_permissions -> 'grant', '[]'::jsonb) ? 'conversations:update')
        and not coalesce(m.custom_permissions -> 'revoke', '[]'::jsonb) ? 'conversations:update')
    end
$$;
revoke all on function private.conversation_waiting_recipients(uuid) from public, anon, authenticated;
grant execute on function private.conversation_waiting_recipients(uuid) to service_role;

create or replace function private.conversation_sessions_waiting()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_slug text;
  v_who text;
begin
  if coalesce((select auth.role()), '') = 'authenticated' then
    return null;
  end if;
  select slug into v_slug from public.organizations where id = new.organization_id;
  select coalesce(nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), ''), c.email::text)
    into v_who from public.contacts c where c.id = new.contact_id;
  v_who := coalesce(v_who, new.contact_info ->> 'name', new.contact_info ->> 'email', 'A visitor');
  insert into public.notifications (organization_id, recipient_user_id, kind, title, message, channel,
                                    priority, link, sent_at)
  select new.organization_id, r.user_id, 'conversation_waiting', 'A visitor is waiting for a person',
         left(v_who, 200) || ' asked to talk to the team.', 'in_app', 'high',
         '/o/' || v_slug || '/inbox?c=' || new.id, now()
  from private.conversation_waiting_recipients(new.id) r;
  return null;
end;
$$;
create trigger conversation_sessions_waiting after update of status on public.conversation_sessions
  for each row when (old.status = 'active' and new.status = 'handed_off' and new.channel = 'web')
  execute function private.conversation_sessions_waiting();

-- ---------------------------------------------------------------------------------------------
-- Live updates: "something changed" pings, never content (each listener re-reads as its user).
-- orgflow_inbox carries the organization's id; orgflow_bell the recipient's user id.

create or replace function private.notify_inbox_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_notify('orgflow_inbox', new.organization_id::text);
  return null;
end;
$$;
create trigger conversation_sessions_notify_inbox after insert or update on public.conversation_sessions
  for each row when (new.channel = 'web') execute function private.notify_inbox_change();
create trigger conversation_notes_notify_inbox after insert on public.conversation_notes
  for each row execute function private.notify_inbox_change();

create or replace function private.notify_bell()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_notify('orgflow_bell', new.recipient_user_id::text);
  return null;
end;
$$;
create trigger notifications_notify_bell after insert or update of read_at on public.notifications
  for each row when (new.channel = 'in_app') execute function private.notify_bell();

-- The emails go through the durable queue (the job sends them after the hand-off commits); the
-- service path reaches graphile-worker's schema only through a function like this one.
create or replace function private.enqueue_conversation_waiting(p_organization_id uuid, p_session_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform graphile_worker.add_job(
    'conversation_waiting_email',
    json_build_object('organizationId', p_organization_id, 'sessionId', p_session_id),
    max_attempts => 5,
    job_key => 'conversation_waiting:' || p_session_id::text);
end;
$$;
revoke all on function private.enqueue_conversation_waiting(uuid, uuid) from public, anon, authenticated;
grant execute on function private.enqueue_conversation_waiting(uuid, uuid) to service_role;
