-- GraphQL at /api/graphql (issue 21): PostGraphile builds its schema from the `api` schema only,
-- a dedicated set of views with the columns the REST API shows. Each view is security_invoker, so
-- the caller's RLS applies exactly as on the tables (the request runs as `authenticated` with the
-- caller's claims, as withUser sets them). A request made with an API key sees only the key's
-- organization, also where a table's policy asks for membership alone (notifications).
-- Supabase's pg_graphql serves `graphql_public`, never this schema; the Data API is off.

create schema if not exists api;
revoke all on schema api from public;
grant usage on schema api to authenticated;

-- The organization of the API key behind the request, or null for a signed-in member.
create or replace function private.api_key_organization()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select k.organization_id from public.api_keys k
  where k.id = nullif((select auth.jwt()) ->> 'api_key_id', '')::uuid
$$;
revoke all on function private.api_key_organization() from public, anon;
grant execute on function private.api_key_organization() to authenticated;

create view api.organizations with (security_invoker = true) as
  select t.id, t.name, t.slug, t.status, t.subscription_plan, t.subscription_status, t.created_at, t.updated_at
  from public.organizations t
  where (select private.api_key_organization()) is null or t.id = (select private.api_key_organization());

create view api.contacts with (security_invoker = true) as
  select t.id, t.organization_id, t.first_name, t.last_name, t.email, t.phone, t.company_name, t.tags,
         t.source, t.ghl_contact_id, t.created_at, t.updated_at
  from public.contacts t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization())
  with cascaded check option;
-- What the REST API's POST /contacts sets: the source says where the contact came from.
alter view api.contacts alter column source set default 'api';

create view api.workflows with (security_invoker = true) as
  select t.id, t.organization_id, t.name, t.description, t.status, t.version, t.trigger_type, t.definition,
         t.published_at, t.created_at, t.updated_at
  from public.workflows t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.executions with (security_invoker = true) as
  select t.id, t.organization_id, t.workflow_id, t.workflow_version_id, t.status, t.trigger_type, t.error,
         t.attempt, t.is_test, t.started_at, t.completed_at, t.duration_ms, t.created_at
  from public.executions t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.bots with (security_invoker = true) as
  select t.id, t.organization_id, t.name, t.description, t.persona, t.greeting, t.fallback_message,
         t.model_settings, t.status, t.public_key, t.allowed_origins, t.language, t.created_at, t.updated_at
  from public.bots t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.knowledge_documents with (security_invoker = true) as
  select t.id, t.organization_id, t.bot_id, t.title, t.source, t.mime_type, t.file_name, t.status, t.progress,
         t.size_bytes, t.page_count, t.chunk_count, t.error, t.processed_at, t.created_at, t.updated_at
  from public.documents t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.conversations with (security_invoker = true) as
  select t.id, t.organization_id, t.bot_id, t.contact_id, t.status, t.goal_reached, t.message_count,
         t.started_at, t.last_message_at, t.handed_off_at, t.closed_at, t.created_at
  from public.conversation_sessions t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.team_members with (security_invoker = true) as
  select t.id, t.organization_id, t.full_name, t.email, t.external_id, t.member_type, t.commission_type,
         t.commission_rate, t.user_id, t.status, t.created_at
  from public.team_members t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.sales_transactions with (security_invoker = true) as
  select t.id, t.organization_id, t.source, t.external_id, t.team_member_id, t.contact_id, t.opportunity_id,
         t.amount_minor, t.refunded_amount_minor, t.currency, t.status, t.description, t.paid_at,
         t.refunded_at, t.created_at
  from public.sales_transactions t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.commission_calculations with (security_invoker = true) as
  select t.id, t.organization_id, t.transaction_id, t.team_member_id, t.rule_id, t.kind, t.period_month,
         t.base_minor, t.amount_minor, t.currency, t.explanation, t.status, t.approved_at,
         t.rejection_reason, t.paid_at, t.created_at
  from public.commission_calculations t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.payouts with (security_invoker = true) as
  select t.id, t.organization_id, t.team_member_id, t.period_month, t.currency, t.total_minor, t.status,
         t.approved_at, t.paid_at, t.reference, t.created_at
  from public.commission_payouts t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

create view api.notifications with (security_invoker = true) as
  select t.id, t.organization_id, t.kind, t.title, t.message, t.priority, t.link, t.execution_id, t.read_at,
         t.created_at
  from public.notifications t
  where (select private.api_key_organization()) is null
     or t.organization_id = (select private.api_key_organization());

-- Reads everywhere; writes where the REST API writes the same way (contacts: create, change the
-- fields, delete). RLS and the permission matrix still decide each row.
grant select on all tables in schema api to authenticated;
grant insert (organization_id, first_name, last_name, email, phone, company_name, tags),
      update (first_name, last_name, email, phone, company_name, tags), delete
  on api.contacts to authenticated;

-- PostGraphile smart comments: the key and the relations a view cannot declare itself.
comment on view api.organizations is E'@primaryKey id\nAn organization the caller may read (with an API key: its own).';
comment on view api.contacts is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\nA contact.';
comment on view api.workflows is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\nA workflow.';
comment on view api.executions is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\n@foreignKey (workflow_id) references api.workflows (id)\nA run of a workflow.';
comment on view api.bots is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\nA chatbot.';
comment on view api.knowledge_documents is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\n@foreignKey (bot_id) references api.bots (id)\nA document of a bot''s knowledge base.';
comment on view api.conversations is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\n@foreignKey (bot_id) references api.bots (id)\n@foreignKey (contact_id) references api.contacts (id)\nA conversation with a bot.';
comment on view api.team_members is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\nA person of the organization (sales rep, support), with or without a login.';
comment on view api.sales_transactions is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\n@foreignKey (team_member_id) references api.team_members (id)\n@foreignKey (contact_id) references api.contacts (id)\nA sale.';
comment on view api.commission_calculations is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\n@foreignKey (transaction_id) references api.sales_transactions (id)\n@foreignKey (team_member_id) references api.team_members (id)\nA commission line.';
comment on view api.payouts is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\n@foreignKey (team_member_id) references api.team_members (id)\nA commission payout.';
comment on view api.notifications is E'@primaryKey id\n@foreignKey (organization_id) references api.organizations (id)\nA notification for the caller.';
