-- Contacts: the leads and customers of an organization. Shared by the sales feature (kept in sync
-- from GoHighLevel contact events) and the chatbots (a "collect lead" step creates or updates one).

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- The GoHighLevel contact id, when the contact came from (or was pushed to) GHL.
  ghl_contact_id text check (ghl_contact_id is null or char_length(ghl_contact_id) between 1 and 255),
  first_name text check (first_name is null or char_length(first_name) <= 200),
  last_name text check (last_name is null or char_length(last_name) <= 200),
  email extensions.citext
    check (email is null or (email::text ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email::text) <= 320)),
  phone text check (phone is null or char_length(phone) between 3 and 40),
  company_name text check (company_name is null or char_length(company_name) <= 200),
  tags text[] not null default '{}' check (cardinality(tags) <= 100),
  -- Where the contact was first seen: ghl, chatbot, manual, csv, api.
  source text not null default 'manual' check (source in ('ghl', 'chatbot', 'manual', 'csv', 'api')),
  assigned_team_member_id uuid references public.team_members (id) on delete set null,
  custom_fields jsonb not null default '{}'::jsonb check (jsonb_typeof(custom_fields) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, ghl_contact_id)
);
-- One contact per email in an organization, so a lead collected twice updates the same row.
create unique index contacts_org_email_key on public.contacts (organization_id, email) where email is not null;
create index contacts_org_created_idx on public.contacts (organization_id, created_at desc);
create index contacts_assigned_team_member_idx on public.contacts (assigned_team_member_id);

select private.setup_tenant_table('public.contacts', 'contacts');
