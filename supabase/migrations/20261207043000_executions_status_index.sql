-- The runs list filtered by status (failed runs, runs waiting) reads a page and its capped count by
-- keyset from an index, as the unfiltered list does from executions_org_created_idx: without it a
-- page of failed runs walked the organization's whole history (bench:history, 1,000,000 runs:
-- p50 427 ms at load 24 on 2 cores).
create index executions_org_status_created_idx
  on public.executions (organization_id, status, created_at desc, id desc);
