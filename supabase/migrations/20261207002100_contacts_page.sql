-- The contacts page: search, tag filter, the runs that named a contact, and merging duplicates.

-- What the search box matches: names, email, phone and company in one lower-case text, indexed by
-- trigrams so "%ana%" needs no scan of the organization's contacts.
create or replace function private.contact_search_text(
  p_first_name text, p_last_name text, p_email text, p_phone text, p_company_name text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select lower(coalesce(p_first_name, '') || ' ' || coalesce(p_last_name, '') || ' ' || coalesce(p_email, '')
               || ' ' || coalesce(p_phone, '') || ' ' || coalesce(p_company_name, ''))
$$;
revoke all on function private.contact_search_text(text, text, text, text, text) from public, anon;
grant execute on function private.contact_search_text(text, text, text, text, text) to authenticated, service_role;

create index contacts_search_idx on public.contacts
  using gin (private.contact_search_text(first_name, last_name, email::text, phone, company_name)
             extensions.gin_trgm_ops);
create index contacts_tags_idx on public.contacts using gin (tags);

-- The ids of contacts merged into this one. Workflow runs keep the contact they were started with
-- in their input (history is not rewritten); the contact's page shows the runs of these ids too.
alter table public.contacts add column merged_contact_ids uuid[] not null default '{}';

-- A contact's page lists the runs whose trigger named it (`contact.created`, chatbot workflows).
create index executions_trigger_contact_idx on public.executions
  (organization_id, (trigger_input #>> '{contact,id}'))
  where trigger_input ? 'contact';

-- Merging duplicates: one primary keeps its values and fills its gaps from the duplicates (oldest
-- first); their conversations and sales move to it; the duplicates are deleted. One transaction,
-- all or nothing. Security definer so every reference moves even when the member could not edit
-- sales or conversations themselves (a merge must not leave a sale pointing at nothing); it checks
-- contacts:update and contacts:delete on the organization first.
create or replace function public.merge_contacts(
  p_organization_id uuid, p_primary_id uuid, p_duplicate_ids uuid[])
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[] := array(select distinct x from unnest(p_duplicate_ids) as x where x is not null);
  v_primary public.contacts;
  v_dup public.contacts;
  v_found int;
begin
  if not private.has_permission(p_organization_id, 'contacts', 'read') then
    raise exception 'This contact does not exist or was deleted.' using errcode = 'OFNFD';
  end if;
  if not (private.has_permission(p_organization_id, 'contacts', 'update')
          and private.has_permission(p_organization_id, 'contacts', 'delete')) then
    raise exception 'You do not have permission to merge contacts here.' using errcode = 'OFFRB';
  end if;
  if cardinality(v_ids) = 0 then
    raise exception 'Pick at least one duplicate to merge into the primary contact.' using errcode = 'OFVAL';
  end if;
  if cardinality(v_ids) > 50 then
    raise exception 'Merge at most 50 contacts at a time.' using errcode = 'OFVAL';
  end if;
  if p_primary_id = any (v_ids) then
    raise exception 'The primary contact cannot also be one of the duplicates.' using errcode = 'OFVAL';
  end if;
  -- Locked in id order, so two merges of overlapping contacts wait for each other, never deadlock.
  perform 1 from public.contacts
  where organization_id = p_organization_id and id = any (v_ids || p_primary_id)
  order by id
  for update;
  select * into v_primary from public.contacts where organization_id = p_organization_id and id = p_primary_id;
  if not found then
    raise exception 'The primary contact does not exist or was deleted.' using errcode = 'OFNFD';
  end if;
  select count(*) into v_found from public.contacts where organization_id = p_organization_id and id = any (v_ids);
  if v_found <> cardinality(v_ids) then
    raise exception 'One of the duplicates does not exist or was already merged. Reload and try again.'
      using errcode = 'OFNFD';
  end if;

  update public.conversation_sessions set contact_id = p_primary_id
  where organization_id = p_organization_id and contact_id = any (v_ids);
  update public.sales_transactions set contact_id = p_primary_id
  where organization_id = p_organization_id and contact_id = any (v_ids);

  for v_dup in
    select * from public.contacts where organization_id = p_organization_id and id = any (v_ids)
    order by created_at, id
  loop
    v_primary.first_name := coalesce(v_primary.first_name, v_dup.first_name);
    v_primary.last_name := coalesce(v_primary.last_name, v_dup.last_name);
    v_primary.email := coalesce(v_primary.email, v_dup.email);
    v_primary.phone := coalesce(v_primary.phone, v_dup.phone);
    v_primary.company_name := coalesce(v_primary.company_name, v_dup.company_name);
    v_primary.ghl_contact_id := coalesce(v_primary.ghl_contact_id, v_dup.ghl_contact_id);
    v_primary.assigned_team_member_id := coalesce(v_primary.assigned_team_member_id, v_dup.assigned_team_member_id);
    v_primary.tags := array(select distinct t from unnest(v_primary.tags || v_dup.tags) as t order by t limit 100);
    v_primary.custom_fields := v_dup.custom_fields || v_primary.custom_fields;
    v_primary.merged_contact_ids := v_primary.merged_contact_ids || v_dup.id || v_dup.merged_contact_ids;
  end loop;

  -- The duplicates go first: their email and GoHighLevel id are unique in the organization.
  delete from public.contacts where organization_id = p_organization_id and id = any (v_ids);
  update public.contacts set
    first_name = v_primary.first_name,
    last_name = v_primary.last_name,
    email = v_primary.email,
    phone = v_primary.phone,
    company_name = v_primary.company_name,
    ghl_contact_id = v_primary.ghl_contact_id,
    assigned_team_member_id = v_primary.assigned_team_member_id,
    tags = v_primary.tags,
    custom_fields = v_primary.custom_fields,
    merged_contact_ids = v_primary.merged_contact_ids
  where id = p_primary_id;
  return p_primary_id;
end;
$$;
revoke all on function public.merge_contacts(uuid, uuid, uuid[]) from public, anon;
grant execute on function public.merge_contacts(uuid, uuid, uuid[]) to authenticated;
