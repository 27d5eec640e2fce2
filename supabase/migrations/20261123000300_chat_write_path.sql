-- The chat write path (issue #8: time to first answer under 50 concurrent conversations).
--
-- A message's organization_id foreign key locked the organization's row (KEY SHARE) on every
-- insert, from every concurrent conversation at once, which made Postgres build a multixact per
-- message. It says nothing the (session_id, organization_id) key to the session does not: the
-- session is in that organization, and messages go with their session when it is deleted (as
-- sessions go with their bot and organization). Sessions likewise are tied to the organization
-- through their (bot_id, organization_id) key to the bot.
alter table public.conversation_messages drop constraint conversation_messages_organization_id_fkey;
alter table public.conversation_sessions drop constraint conversation_sessions_organization_id_fkey;

-- `seq` is `generated always as identity`: nobody writes it, so a unique index on it only cost
-- every message one more index insert. Transcripts and the widget's cursor read it through
-- (session_id, organization_id, seq).
alter table public.conversation_messages drop constraint conversation_messages_seq_key;
