-- Someone who signs up to accept an invitation joins that organization and nothing else: an empty
-- personal workspace they never asked for is clutter in the switcher and a second place their
-- work could land. The dashboard offers to create a workspace whenever they have none.
--
-- The sign-up passes the invitation's token in the user's metadata (`invitation_token`). The
-- personal workspace is skipped only when that token belongs to an open invitation for the very
-- address signing up; any other value (forged, expired, someone else's) gets the workspace as
-- before, so the metadata can't be used to do anything but skip one's own workspace.
create or replace function private.handle_new_user_organization()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text := coalesce(nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
                          nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
                          split_part(coalesce(new.email, 'My'), '@', 1));
  v_token text := new.raw_user_meta_data ->> 'invitation_token';
begin
  if v_token is not null and char_length(v_token) <= 256 and exists (
    select 1 from public.invitations i
    where i.token_hash = encode(extensions.digest(v_token, 'sha256'), 'hex')
      and i.email = new.email::extensions.citext
      and i.accepted_at is null and i.declined_at is null and i.revoked_at is null
      and i.expires_at > now()
  ) then
    return new;
  end if;
  perform private.create_organization_for(new.id, left(v_name, 230) || '''s workspace', null);
  return new;
end;
$$;
