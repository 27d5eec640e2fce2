-- The REST API's conventions that several app processes must agree on: rate limits per API key and
-- Idempotency-Key records. Both live in `private` (no user reads them) and are reached only through
-- the functions below, on the service path, after the key was authenticated.

-- ---------------------------------------------------------------------------------------------
-- Rate limits: a fixed window per API key, one row per key and window; one upsert a request.

create table private.api_rate_limits (
  api_key_id uuid not null references public.api_keys (id) on delete cascade,
  window_start timestamptz not null,
  hits int not null default 0,
  primary key (api_key_id, window_start)
);
create index api_rate_limits_window_start_idx on private.api_rate_limits (window_start);
revoke all on private.api_rate_limits from public, anon, authenticated;

-- Counts one request of the key and answers what the RateLimit-* headers say: the hits in this
-- window (the request included) and the seconds until the window resets.
create or replace function private.api_rate_hit(p_api_key_id uuid, p_window_seconds int)
returns table (hits int, reset_seconds int)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  v_hits int;
begin
  insert into private.api_rate_limits as r (api_key_id, window_start, hits)
  values (p_api_key_id, v_window, 1)
  on conflict (api_key_id, window_start) do update set hits = r.hits + 1
  returning r.hits into v_hits;
  -- Old windows go now and then.
  if random() < 0.01 then
    delete from private.api_rate_limits where window_start < now() - interval '1 hour';
  end if;
  return query select v_hits,
    greatest(ceil(extract(epoch from (v_window + make_interval(secs => p_window_seconds) - now())))::int, 1);
end;
$$;
revoke all on function private.api_rate_hit(uuid, int) from public, anon, authenticated;
grant execute on function private.api_rate_hit(uuid, int) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Idempotency keys: the first request with a key (per organization) is recorded with a hash of
-- its method, path and body; once answered, its status and body are kept, and a retry with the
-- same key gets that answer again instead of doing the work twice.

create table private.api_idempotency_keys (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  idempotency_key text not null check (char_length(idempotency_key) between 1 and 255),
  request_hash text not null,
  api_key_id uuid references public.api_keys (id) on delete set null,
  -- null while the first request is still being answered.
  response_status int,
  response_body jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (organization_id, idempotency_key)
);
create index api_idempotency_keys_expires_at_idx on private.api_idempotency_keys (expires_at);
revoke all on private.api_idempotency_keys from public, anon, authenticated;

-- Claims the key for a request, or says what became of an earlier one:
--   'new'      this request is the first (or the earlier one expired or was abandoned): go on;
--   'replay'   answered before with the same request: status and body are returned;
--   'mismatch' the key was used for another request;
--   'pending'  the first request is still being answered.
-- A claim left pending for p_abandon_seconds (its process died) is taken over.
create or replace function private.api_idempotency_begin(
  p_organization_id uuid, p_key text, p_request_hash text, p_api_key_id uuid, p_abandon_seconds int
)
returns table (outcome text, response_status int, response_body jsonb)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row private.api_idempotency_keys;
begin
  if random() < 0.01 then
    delete from private.api_idempotency_keys where expires_at < now();
  end if;
  insert into private.api_idempotency_keys (organization_id, idempotency_key, request_hash, api_key_id)
  values (p_organization_id, p_key, p_request_hash, p_api_key_id)
  on conflict do nothing;
  if found then
    return query select 'new'::text, null::int, null::jsonb;
    return;
  end if;
  select * into v_row from private.api_idempotency_keys
  where organization_id = p_organization_id and idempotency_key = p_key
  for update;
  if v_row.expires_at < now()
     or (v_row.response_status is null and v_row.created_at < now() - make_interval(secs => p_abandon_seconds)) then
    update private.api_idempotency_keys
    set request_hash = p_request_hash, api_key_id = p_api_key_id, response_status = null, response_body = null,
        created_at = now(), expires_at = now() + interval '24 hours'
    where organization_id = p_organization_id and idempotency_key = p_key;
    return query select 'new'::text, null::int, null::jsonb;
  elsif v_row.request_hash <> p_request_hash then
    return query select 'mismatch'::text, null::int, null::jsonb;
  elsif v_row.response_status is null then
    return query select 'pending'::text, null::int, null::jsonb;
  else
    return query select 'replay'::text, v_row.response_status, v_row.response_body;
  end if;
end;
$$;
revoke all on function private.api_idempotency_begin(uuid, text, text, uuid, int) from public, anon, authenticated;
grant execute on function private.api_idempotency_begin(uuid, text, text, uuid, int) to service_role;

-- Keeps the answer of a claimed key (p_status null: the request failed in a way a retry may
-- repair, so the claim is dropped and the key is free again).
create or replace function private.api_idempotency_finish(
  p_organization_id uuid, p_key text, p_request_hash text, p_status int, p_body jsonb
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_status is null then
    delete from private.api_idempotency_keys
    where organization_id = p_organization_id and idempotency_key = p_key
      and request_hash = p_request_hash and response_status is null;
  else
    update private.api_idempotency_keys set response_status = p_status, response_body = p_body
    where organization_id = p_organization_id and idempotency_key = p_key
      and request_hash = p_request_hash and response_status is null;
  end if;
end;
$$;
revoke all on function private.api_idempotency_finish(uuid, text, text, int, jsonb) from public, anon, authenticated;
grant execute on function private.api_idempotency_finish(uuid, text, text, int, jsonb) to service_role;
