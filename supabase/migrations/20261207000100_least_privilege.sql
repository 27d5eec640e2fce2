-- Least privilege (issue #15, items 13 and 14).
--
-- The app and the worker now log in as a role that can do nothing by itself and may only switch to
-- anon, authenticated and service_role (the local stack's `authenticator`, as on Supabase). What
-- they used to reach as the database owner is granted here to the role that does the work.

-- ---------------------------------------------------------------------------------------------
-- The job queue (graphile-worker installs its schema on start, as the owner: the local stack's
-- superuser, hosted Supabase's `postgres`). The worker and the app's enqueueing run as
-- service_role; anon and authenticated never reach it. Default privileges cover what the owner
-- creates later (a graphile-worker upgrade); the grants on `all …` cover a queue already there.
create schema if not exists graphile_worker;
revoke all on schema graphile_worker from public;
grant usage on schema graphile_worker to service_role;
alter default privileges in schema graphile_worker
  grant select, insert, update, delete on tables to service_role;
alter default privileges in schema graphile_worker
  grant usage, select, update on sequences to service_role;
alter default privileges in schema graphile_worker revoke execute on functions from public;
alter default privileges in schema graphile_worker grant execute on functions to service_role;
grant select, insert, update, delete on all tables in schema graphile_worker to service_role;
grant usage, select, update on all sequences in schema graphile_worker to service_role;
revoke execute on all functions in schema graphile_worker from public;
grant execute on all functions in schema graphile_worker to service_role;

-- ---------------------------------------------------------------------------------------------
-- Security-definer helpers answer a signed-in user only about organizations they belong to.
-- `private.team_member_user(<another organization's member>)` returned that person's user id to
-- anyone signed in. Callers with no signed-in user (the service path, the owner) still get every
-- answer: triggers run these for service-role writes too (a closed period stays locked for them).

create or replace function private.may_answer_for(p_organization_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select case
    when (select auth.uid()) is not null
      then p_organization_id in (select private.member_organizations())
    -- No user: the service path or the owner, never a user request (withUser needs a subject).
    else coalesce((select auth.role()), '') not in ('authenticated', 'anon')
  end
$$;
revoke all on function private.may_answer_for(uuid) from public, anon;
grant execute on function private.may_answer_for(uuid) to authenticated, service_role;

-- The login linked to a team member (for "nobody approves their own").
create or replace function private.team_member_user(p_team_member_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select tm.user_id from public.team_members tm
  where tm.id = p_team_member_id and private.may_answer_for(tm.organization_id)
$$;

create or replace function private.period_closed(p_organization_id uuid, p_month date)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.may_answer_for(p_organization_id)
     and exists (select 1 from public.commission_periods
                 where organization_id = p_organization_id and period_month = p_month and closed_at is not null)
$$;

-- Called only by security-definer triggers and accept_invitation (which run as the owner); nobody
-- else may learn another organization's member count or take its row lock.
revoke all on function private.check_member_limit(uuid, boolean) from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Splinter's function_search_path_mutable: every function has a fixed search_path. Its body names
-- only built-ins (pg_catalog is always searched), so nothing changes but that it is no longer
-- inlined into the trigger's insert, a cost measured in the branch's report.
alter function private.chunk_term_rows(uuid, uuid, uuid, int, tsvector) set search_path = '';
