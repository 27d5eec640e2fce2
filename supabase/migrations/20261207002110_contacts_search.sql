-- The contacts search box through its trigram index. Under RLS a user's `like` cannot use the index:
-- `like` is not leakproof, so Postgres checks the policy on every row first (a scan of the whole
-- organization: 2.3 s at 100,000 contacts in bench/contacts.ts). This function does the indexed
-- match as its owner, after checking that the caller may read the organization's contacts, and
-- the page joins its ids (uuid equality is leakproof, so the rest stays under RLS).
create or replace function private.contact_search_ids(p_organization_id uuid, p_pattern text)
returns setof uuid
language plpgsql
stable
rows 100
security definer
set search_path = ''
as $$
begin
  if not private.has_permission(p_organization_id, 'contacts', 'read') then
    return;
  end if;
  return query
  select c.id from public.contacts c
  where c.organization_id = p_organization_id
    and private.contact_search_text(c.first_name, c.last_name, c.email::text, c.phone, c.company_name) like p_pattern;
end;
$$;
revoke all on function private.contact_search_ids(uuid, text) from public, anon;
grant execute on function private.contact_search_ids(uuid, text) to authenticated, service_role;
