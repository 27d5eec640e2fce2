-- The runs list of one workflow (its filter, the workflow's runs tab) reads a page and its capped
-- count from an index that also holds the organization the list asks for, so the count needs no
-- visit to the table (executions_workflow_created_idx lacks organization_id: each counted run
-- was a heap fetch; bench:history, 1,000,000 runs: p50 67 ms, p95 205 ms at load 20 on 2 cores).
create index executions_org_workflow_created_idx
  on public.executions (organization_id, workflow_id, created_at desc, id desc);
