-- A conversation handed over to the team also reaches GoHighLevel's conversations when the
-- organization uses GHL (lib/chatbots/ghl-handoff.ts, a queued job): the GHL contact and
-- conversation it went to, how far the transcript has been sent (messages after ghl_synced_seq
-- are still to send, so a GHL outage loses nothing: the job retries) and the last refusal, for
-- the team. Written on the service path only; members' column grants stay as they were.
alter table public.conversation_sessions
  add column ghl_contact_id text check (ghl_contact_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  add column ghl_conversation_id text check (ghl_conversation_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  add column ghl_synced_seq bigint not null default 0 check (ghl_synced_seq >= 0),
  add column ghl_sync_error text check (char_length(ghl_sync_error) <= 500);
