-- Receipts of opportunities, end to end: the uploaded file's bytes (PDF, PNG, JPEG or WebP, at most
-- 10 MB) kept in the database beside their receipt, so they are read and served under the same RLS
-- as the receipt (`sales`), and the states of reading them: pending (queued for the AI provider) →
-- processing → extracted / needs_review (no provider, or some values not read) / failed (with the
-- reason); typed once a person enters or corrects the values.

alter table public.opportunity_receipts
  drop constraint opportunity_receipts_extraction_status_check,
  add constraint opportunity_receipts_extraction_status_check
    check (extraction_status in ('pending', 'processing', 'extracted', 'needs_review', 'typed', 'failed'));

-- So that a file can only belong to a receipt of its own organization.
alter table public.opportunity_receipts add constraint opportunity_receipts_org_id_key unique (organization_id, id);

create table public.opportunity_receipt_files (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  receipt_id uuid not null unique,
  data bytea not null check (octet_length(data) between 1 and 10485760),
  size_bytes int generated always as (octet_length(data)) stored,
  created_at timestamptz not null default now(),
  foreign key (organization_id, receipt_id) references public.opportunity_receipts (organization_id, id)
    on delete cascade
);
create index opportunity_receipt_files_organization_id_idx on public.opportunity_receipt_files (organization_id);
create index opportunity_receipt_files_org_receipt_idx on public.opportunity_receipt_files (organization_id, receipt_id);

select private.setup_tenant_table('public.opportunity_receipt_files', 'sales');
-- A file is added with its receipt and leaves with it; it is never edited. Its bytes stay out of
-- the audit log (the receipt's own row is audited).
revoke update on public.opportunity_receipt_files from authenticated;
drop trigger opportunity_receipt_files_audit on public.opportunity_receipt_files;
