-- Signing in with a recovery code keeps two-factor authentication on (issue 20, item 8).
--
-- Supabase Auth lifts a session to aal2 only when a factor's code is verified, and has no
-- recovery codes of its own. So the app keeps each TOTP factor's secret, encrypted by the app
-- (AES-256-GCM with INTEGRATIONS_ENCRYPTION_KEY, bound to the user and the factor; the database
-- never sees it in the clear), from the moment the factor is enrolled. Spending a recovery code
-- hands that ciphertext back in the same statement; the app computes the current code and
-- verifies it on the person's own session, which becomes aal2 with the factor left in place.
-- Without a spent recovery code the ciphertext is never returned to anyone. A factor enrolled
-- before this migration has no kept secret: its recovery sign-in still removes it (as before).

create table private.mfa_factor_secrets (
  factor_id uuid primary key references auth.mfa_factors (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  secret_encrypted text not null check (secret_encrypted ~ '^v1:' and char_length(secret_encrypted) < 1000),
  created_at timestamptz not null default now()
);
create index mfa_factor_secrets_user_id_idx on private.mfa_factor_secrets (user_id);
alter table private.mfa_factor_secrets enable row level security;
revoke all on private.mfa_factor_secrets from public, anon, authenticated;

-- Keeps the encrypted secret of one of the caller's own factors (while it is being enrolled).
create or replace function private.keep_factor_secret(p_factor_id uuid, p_secret_encrypted text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null or not exists (
    select 1 from auth.mfa_factors f where f.id = p_factor_id and f.user_id = v_user and f.factor_type = 'totp'
  ) then
    raise exception 'that factor is not yours' using errcode = '42501';
  end if;
  insert into private.mfa_factor_secrets (factor_id, user_id, secret_encrypted)
  values (p_factor_id, v_user, p_secret_encrypted)
  on conflict (factor_id) do update set secret_encrypted = excluded.secret_encrypted, created_at = now();
end;
$$;

-- Spends one of the caller's recovery codes and, when it was theirs and unused, answers with the
-- caller's verified TOTP factor and its kept secret (null columns when none is kept). No row: the
-- code was wrong or already used.
create or replace function private.spend_recovery_code(p_hash text)
returns table (factor_id uuid, secret_encrypted text)
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.use_recovery_code(p_hash) then
    return;
  end if;
  return query
  select f.id, s.secret_encrypted
  from (select 1) one
  left join auth.mfa_factors f
    on f.user_id = (select auth.uid()) and f.status = 'verified' and f.factor_type = 'totp'
  left join private.mfa_factor_secrets s on s.factor_id = f.id
  order by f.created_at
  limit 1;
end;
$$;

revoke all on function private.keep_factor_secret(uuid, text), private.spend_recovery_code(text)
  from public, anon;
grant execute on function private.keep_factor_secret(uuid, text), private.spend_recovery_code(text)
  to authenticated, service_role;
