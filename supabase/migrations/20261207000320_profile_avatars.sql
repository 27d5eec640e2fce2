-- Profile pictures are uploads the app stores and serves (issue #15, item 15).
--
-- Before: profiles.avatar_url was any https:// link a user typed, loaded by every teammate's
-- browser that showed the member list, audit log or team table: a tracking pixel that told a
-- third party who looked, when and from where. Now a picture is an image uploaded to Orgflow
-- (PNG, JPEG or WebP, checked by its content, at most 2 MB), kept here under RLS, and served by the
-- app at /avatars/<user id> (lib/profiles/avatars.ts). profiles.avatar_url is written only by the
-- trigger below and can only hold that address. Links from before are dropped.

create table public.profile_avatars (
  user_id uuid primary key references auth.users (id) on delete cascade,
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
  data bytea not null check (octet_length(data) between 1 and 2097152),
  updated_at timestamptz not null default now()
);
comment on table public.profile_avatars is 'Profile pictures uploaded to Orgflow; served at /avatars/<user id>.';

-- A person's picture is seen by themselves and by whoever may read the members of an organization
-- they belong to: the same people who see their name (private.member_directory).
create or replace function private.may_see_person(p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_user_id = (select auth.uid())
      or exists (select 1 from public.organization_members m
                 where m.user_id = p_user_id
                   and m.organization_id in (select private.permitted_organizations('members', 'read')))
$$;
revoke all on function private.may_see_person(uuid) from public, anon;
grant execute on function private.may_see_person(uuid) to authenticated;

alter table public.profile_avatars enable row level security;
create policy "profile_avatars: read" on public.profile_avatars for select to authenticated
  using ((select private.may_see_person(user_id)));
create policy "profile_avatars: create own" on public.profile_avatars for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "profile_avatars: update own" on public.profile_avatars for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "profile_avatars: delete own" on public.profile_avatars for delete to authenticated
  using (user_id = (select auth.uid()));
revoke all on public.profile_avatars from anon;
revoke insert, update on public.profile_avatars from authenticated;
grant insert (user_id, content_type, data) on public.profile_avatars to authenticated;
grant update (content_type, data) on public.profile_avatars to authenticated;
create trigger profile_avatars_touch_updated_at before update on public.profile_avatars
  for each row execute function private.touch_updated_at();

-- profiles.avatar_url follows the upload: the app's own address, with a version so a new picture
-- is not hidden by the browser's cache of the old one.
create or replace function private.profile_avatars_sync_profile()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    update public.profiles set avatar_url = null where id = old.user_id;
    return old;
  end if;
  update public.profiles
  set avatar_url = '/avatars/' || new.user_id::text || '?v=' || floor(extract(epoch from new.updated_at) * 1000)::bigint::text
  where id = new.user_id;
  return new;
end;
$$;
create trigger profile_avatars_sync_profile after insert or update or delete on public.profile_avatars
  for each row execute function private.profile_avatars_sync_profile();

-- Third-party picture links go; only the app's own address may be stored, and only by the trigger.
update public.profiles set avatar_url = null where avatar_url is not null;
alter table public.profiles drop constraint if exists profiles_avatar_url_check;
alter table public.profiles add constraint profiles_avatar_url_check
  check (avatar_url is null or avatar_url ~ '^/avatars/[0-9a-f-]{36}\?v=[0-9]{1,16}$');
revoke update (avatar_url) on public.profiles from authenticated;
