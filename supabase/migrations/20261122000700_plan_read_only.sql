-- After a downgrade, workflows beyond the plan's limit become read-only instead of being deleted:
-- the oldest ones within the limit stay editable; the newer ones can be archived or deleted, and
-- the engine (service path) keeps running their bookkeeping. See private.enforce_plan_read_only().
create trigger workflows_plan_read_only before update on public.workflows
  for each row execute function private.enforce_plan_read_only('max_workflows', 'workflows', 'status <> ''archived''');
