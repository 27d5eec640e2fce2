-- App events (contact.created, payment.received, …) and the workflow runs a conversation asks for
-- are queued in the transaction that makes them true, as a job of the durable queue: committed
-- with it or not at all, and delivered by a worker even when the process that wrote them dies
-- right after its commit (lib/engine/app-events.ts). The queue's schema is the database owner's
-- (graphile-worker installs it); the service path reaches it only through this function, which
-- stamps the job with the transaction's time: when the event happened, by the database's clock
-- (the one workflows' publication times are on).
create or replace function private.enqueue_app_event(p_job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform graphile_worker.add_job(
    'app_event',
    (p_job || jsonb_build_object('occurredAt',
                                 to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))::json,
    max_attempts => 10);
end;
$$;
revoke all on function private.enqueue_app_event(jsonb) from public, anon, authenticated;
grant execute on function private.enqueue_app_event(jsonb) to service_role;
