-- Profiles: one row per auth user, created by a trigger on auth.users so no sign-up path can
-- forget it. A user reads and edits only their own profile; RLS enforces it.

create schema if not exists private;
revoke all on schema private from public;

-- Shared trigger function: keeps updated_at honest without trusting the client.
create or replace function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  display_name text check (display_name is null or char_length(display_name) between 1 and 100),
  avatar_url text check (avatar_url is null or (char_length(avatar_url) <= 2048 and avatar_url ~ '^https?://')),
  bio text check (bio is null or char_length(bio) <= 1000),
  timezone text not null default 'UTC' check (char_length(timezone) between 1 and 64),
  website text check (website is null or (char_length(website) <= 2048 and website ~ '^https?://')),
  location text check (location is null or char_length(location) <= 120),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.profiles is 'Public profile of an auth user; created by private.handle_new_user.';

alter table public.profiles enable row level security;

create policy "profiles: read own" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()));

create policy "profiles: update own" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- Rows are created by the trigger below (as the table owner), never by users directly.
revoke insert, delete, truncate on public.profiles from anon, authenticated;
-- The email mirrors auth.users and only the trigger changes it.
revoke update on public.profiles from anon, authenticated;
grant update (display_name, avatar_url, bio, timezone, website, location) on public.profiles to authenticated;
revoke all on public.profiles from anon;

create trigger profiles_touch_updated_at
  before update on public.profiles
  for each row execute function private.touch_updated_at();

create or replace function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, display_name)
  values (
    new.id,
    new.email,
    nullif(left(trim(coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'full_name', '')), 100), '')
  );
  return new;
end;
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

create or replace function private.handle_user_email_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.profiles set email = new.email where id = new.id;
  return new;
end;
$$;

create trigger on_auth_user_email_changed
  after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function private.handle_user_email_change();
