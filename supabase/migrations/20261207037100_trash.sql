-- Nothing lost by a click: deleting a workflow moves it to the organization's trash for 30 days
-- instead of erasing it (and, through the cascade, its run history). A trashed workflow is hidden
-- from every normal read and edit by RLS, archived so nothing triggers or runs it, restorable by
-- whoever may delete it (with its versions, runs and webhook URLs, which never left), and purged
-- by a scheduled job after 30 days (private.purge_expired_trash) or at once from the Trash page.
--
-- Members move rows in and out of the trash only through the functions below, which check the
-- `<resource>:delete` permission themselves (a SELECT policy that hides trashed rows would refuse
-- the very UPDATE that trashes them).

alter table public.workflows
  add column deleted_at timestamptz,
  add column deleted_by uuid references auth.users (id) on delete set null,
  -- The status to go back to on restore (a trashed workflow is archived meanwhile).
  add column status_before_delete text
    check (status_before_delete is null or status_before_delete in ('draft', 'active', 'paused', 'archived'));
create index workflows_trash_idx on public.workflows (organization_id, deleted_at) where deleted_at is not null;
create index workflows_deleted_by_idx on public.workflows (deleted_by);

drop policy "workflows: read" on public.workflows;
create policy "workflows: read" on public.workflows for select to authenticated
  using (deleted_at is null and organization_id in (select private.permitted_organizations('workflows', 'read')));
drop policy "workflows: update" on public.workflows;
create policy "workflows: update" on public.workflows for update to authenticated
  using (deleted_at is null and organization_id in (select private.permitted_organizations('workflows', 'update')))
  with check (deleted_at is null and organization_id in (select private.permitted_organizations('workflows', 'update')));

/** How many days a trashed item is kept before the scheduled purge. */
create or replace function private.trash_retention() returns interval
language sql immutable set search_path = '' as $$ select interval '30 days' $$;

-- Moves an item to the trash; returns its id, or null when there is no such item the caller may delete.
create or replace function public.move_to_trash(p_organization_id uuid, p_kind text, p_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_kind = 'workflow' then
    update public.workflows
    set deleted_at = now(), deleted_by = (select auth.uid()), status_before_delete = status, status = 'archived'
    where id = p_id and organization_id = p_organization_id and deleted_at is null
      and private.has_permission(p_organization_id, 'workflows', 'delete')
    returning id into v_id;
  else
    raise exception 'Unknown kind of item: %', p_kind using errcode = 'OFVAL';
  end if;
  return v_id;
end;
$$;

-- Brings an item back as it was; null when it is not in a trash the caller may manage.
create or replace function public.restore_from_trash(p_organization_id uuid, p_kind text, p_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_kind = 'workflow' then
    -- Back to its status (the plan's workflow limit applies again when it was not archived).
    update public.workflows
    set deleted_at = null, deleted_by = null, status = coalesce(status_before_delete, 'draft'),
        status_before_delete = null
    where id = p_id and organization_id = p_organization_id and deleted_at is not null
      and private.has_permission(p_organization_id, 'workflows', 'delete')
    returning id into v_id;
  else
    raise exception 'Unknown kind of item: %', p_kind using errcode = 'OFVAL';
  end if;
  return v_id;
end;
$$;

-- Deletes a trashed item for good (with what cascades from it: a workflow's versions and runs).
create or replace function public.delete_from_trash(p_organization_id uuid, p_kind text, p_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_kind = 'workflow' then
    delete from public.workflows
    where id = p_id and organization_id = p_organization_id and deleted_at is not null
      and private.has_permission(p_organization_id, 'workflows', 'delete')
    returning id into v_id;
  else
    raise exception 'Unknown kind of item: %', p_kind using errcode = 'OFVAL';
  end if;
  return v_id;
end;
$$;

-- An organization's trash, as far as the caller may manage it, newest first.
create or replace function public.list_trash(p_organization_id uuid)
returns table (kind text, id uuid, name text, detail text, deleted_at timestamptz,
               deleted_by_name text, purge_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select 'workflow', w.id, w.name,
         (select count(*) from public.executions e where e.workflow_id = w.id)::text || ' runs',
         w.deleted_at, coalesce(p.display_name, p.email::text), w.deleted_at + private.trash_retention()
  from public.workflows w
  left join public.profiles p on p.id = w.deleted_by
  where w.organization_id = p_organization_id and w.deleted_at is not null
    and private.has_permission(p_organization_id, 'workflows', 'delete')
  order by 5 desc, 2
  limit 500
$$;

revoke all on function public.move_to_trash(uuid, text, uuid), public.restore_from_trash(uuid, text, uuid),
  public.delete_from_trash(uuid, text, uuid), public.list_trash(uuid) from public, anon;
grant execute on function public.move_to_trash(uuid, text, uuid), public.restore_from_trash(uuid, text, uuid),
  public.delete_from_trash(uuid, text, uuid), public.list_trash(uuid) to authenticated, service_role;

-- The scheduled purge: items trashed more than 30 days ago, in batches.
create or replace function private.purge_expired_trash(p_batch integer default 200)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  with doomed as (
    select id from public.workflows
    where deleted_at < now() - private.trash_retention()
    limit greatest(1, least(p_batch, 5000))
    for update skip locked
  )
  delete from public.workflows w using doomed where w.id = doomed.id;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;
revoke all on function private.purge_expired_trash(integer) from public, anon, authenticated;
grant execute on function private.purge_expired_trash(integer) to service_role;
