-- Two-factor authentication (Supabase Auth MFA with TOTP) and what the app adds around it.
--
-- Supabase Auth keeps the factors (auth.mfa_factors) and lifts a session to aal2 when a code is
-- verified; the access token then carries `aal: "aal2"`. The app adds:
--   * private.second_factor_pending(): true while the caller has a verified factor but the token
--     is still aal1 (after the password, before the code). The session guard asks it and treats
--     such a caller as not yet signed in, everywhere.
--   * recovery codes: shown once, kept here only as SHA-256 hashes (the codes are 50 random bits,
--     so a plain hash is enough), each usable once.
--   * private.my_sessions(): the caller's sign-in sessions, for the profile's sessions list.
-- Every function answers about the caller (auth.uid()) only.

create table private.mfa_recovery_codes (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  code_hash text not null check (code_hash ~ '^[0-9a-f]{64}$'),
  used_at timestamptz,
  created_at timestamptz not null default now(),
  unique (user_id, code_hash)
);
alter table private.mfa_recovery_codes enable row level security;
revoke all on private.mfa_recovery_codes from public, anon, authenticated;

create or replace function private.has_verified_factor(p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from auth.mfa_factors f where f.user_id = p_user_id and f.status = 'verified'
  );
$$;
revoke all on function private.has_verified_factor(uuid) from public, anon, authenticated;

create or replace function private.second_factor_pending()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select auth.jwt() ->> 'aal'), 'aal1') <> 'aal2'
     and private.has_verified_factor((select auth.uid()));
$$;

-- The caller's verified TOTP factor (the one the profile shows and can turn off), or null.
create or replace function private.my_verified_factor()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select f.id from auth.mfa_factors f
  where f.user_id = (select auth.uid()) and f.status = 'verified' and f.factor_type = 'totp'
  order by f.created_at limit 1;
$$;

-- How many unused recovery codes the caller has left.
create or replace function private.recovery_codes_left()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer from private.mfa_recovery_codes c
  where c.user_id = (select auth.uid()) and c.used_at is null;
$$;

-- A new set of recovery codes replaces the old one. Only for a caller with a verified factor.
create or replace function private.replace_recovery_codes(p_hashes text[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null or not private.has_verified_factor(v_user) then
    raise exception 'two-factor authentication is not on' using errcode = '42501';
  end if;
  if coalesce(array_length(p_hashes, 1), 0) not between 1 and 20 then
    raise exception 'between 1 and 20 recovery codes' using errcode = '22023';
  end if;
  delete from private.mfa_recovery_codes where user_id = v_user;
  insert into private.mfa_recovery_codes (user_id, code_hash)
  select v_user, h from unnest(p_hashes) as h;
end;
$$;

-- Spends one of the caller's recovery codes: true when it was theirs and unused, and never again.
create or replace function private.use_recovery_code(p_hash text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_found boolean;
begin
  update private.mfa_recovery_codes set used_at = now()
  where user_id = (select auth.uid()) and code_hash = p_hash and used_at is null
  returning true into v_found;
  return coalesce(v_found, false);
end;
$$;

-- Once two-factor authentication is off, its recovery codes go too.
create or replace function private.clear_recovery_codes()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from private.mfa_recovery_codes c
  where c.user_id = (select auth.uid()) and not private.has_verified_factor(c.user_id);
$$;

create or replace function private.my_sessions()
returns table (
  id uuid,
  user_agent text,
  ip text,
  aal text,
  signed_in_at timestamptz,
  last_active_at timestamptz,
  is_current boolean
)
language sql
stable
security definer
set search_path = ''
as $$
  select s.id, s.user_agent, host(s.ip), s.aal::text, s.created_at,
         greatest(s.created_at, s.updated_at, s.refreshed_at::timestamptz),
         s.id::text = (select auth.jwt() ->> 'session_id')
  from auth.sessions s
  where s.user_id = (select auth.uid())
    and (s.not_after is null or s.not_after > now())
  order by (s.id::text = (select auth.jwt() ->> 'session_id')) desc,
           greatest(s.created_at, s.updated_at, s.refreshed_at::timestamptz) desc nulls last
  limit 50;
$$;

revoke all on function private.second_factor_pending(), private.my_verified_factor(),
  private.recovery_codes_left(),
  private.replace_recovery_codes(text[]), private.use_recovery_code(text), private.clear_recovery_codes(),
  private.my_sessions() from public, anon;
grant execute on function private.second_factor_pending(), private.my_verified_factor(),
  private.recovery_codes_left(),
  private.replace_recovery_codes(text[]), private.use_recovery_code(text), private.clear_recovery_codes(),
  private.my_sessions() to authenticated;
