-- The public chat API's admission in one statement outside any transaction: the bot behind a
-- public key, whether the caller's origin may use it, and the call counted against the rate limits
-- (per IP and per bot). Every chat request starts here, so it is one round trip instead of four
-- (BEGIN, the role switch, the lookup, COMMIT). SECURITY DEFINER: it answers the same whatever
-- role calls it, and only the service path may.
--
-- Returns no row for an unknown key. For a paused bot or a refused origin the row comes back with
-- `origin_allowed` / `status` saying so and nothing counted; `retry` is the seconds to wait when
-- a limit is exceeded (0 when admitted).
create or replace function private.chat_admit(
  p_key text,
  p_origin text,
  p_ip_key text,
  p_bot_prefix text,
  p_limits int[],
  p_window_seconds int default 60
)
returns table (
  id uuid,
  organization_id uuid,
  name text,
  persona text,
  greeting text,
  fallback_message text,
  model_settings jsonb,
  status text,
  allowed_origins text[],
  origin_allowed boolean,
  retry int
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  return query
    select b.id, b.organization_id, b.name, b.persona, b.greeting, b.fallback_message, b.model_settings,
           b.status, b.allowed_origins, a.allowed,
           case when b.status = 'active' and a.allowed
                then private.chat_rate_hit(
                       array_remove(array[p_ip_key,
                                          case when p_bot_prefix <> '' then p_bot_prefix || b.id || ':*' end], null),
                       p_limits, p_window_seconds)
                else 0
           end
    from public.bots b
    cross join lateral (select p_origin is null or b.allowed_origins && array['*', p_origin]) as a (allowed)
    where b.public_key = p_key;
end;
$$;
revoke all on function private.chat_admit(text, text, text, text, int[], int) from public, anon, authenticated;
grant execute on function private.chat_admit(text, text, text, text, int[], int) to service_role;
