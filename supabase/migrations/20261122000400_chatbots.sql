-- Chatbots (issue #8): bots with a goal-based flow, a knowledge base they answer from, and the
-- conversations visitors have with them through the public chat API and the embeddable widget.
-- Every table belongs to one organization; bots, flows and knowledge follow the `bots` resource,
-- sessions and messages the `conversations` resource. The public API has no user: it runs on the
-- service path and checks tenancy itself (the bot key decides the organization, the visitor
-- token the session).

-- ---------------------------------------------------------------------------------------------
-- Bots

create table public.bots (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 1000),
  -- Persona and instructions for the language model (how to speak, what not to say).
  persona text not null default '' check (char_length(persona) <= 8000),
  greeting text not null default 'Hi! How can I help you today?' check (char_length(greeting) <= 2000),
  -- { model, temperature, max_tokens }: what the LLM answer uses when a provider is configured.
  model_settings jsonb not null default '{"model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 400}'::jsonb
    check (jsonb_typeof(model_settings) = 'object' and octet_length(model_settings::text) <= 4000),
  fallback_message text not null
    default 'Sorry, I could not find an answer to that. A member of our team can help: just ask for a human.'
    check (char_length(fallback_message) <= 2000),
  -- active: answers visitors; paused: the public API refuses it; archived: out of the plan's count.
  status text not null default 'active' check (status in ('active', 'paused', 'archived')),
  -- The key a website embeds (data-bot-key): public by design, unguessable (122 random bits).
  public_key text not null unique default ('bot_' || replace(gen_random_uuid()::text, '-', '') ||
                                            substr(replace(gen_random_uuid()::text, '-', ''), 1, 8))
    check (public_key ~ '^bot_[a-z0-9]{24,64}$'),
  -- Origins (scheme://host[:port]) allowed to call the chat API from a browser; '*' allows any.
  allowed_origins text[] not null default '{}' check (cardinality(allowed_origins) <= 50),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id)
);
create index bots_organization_id_idx on public.bots (organization_id, status, name);
create index bots_created_by_idx on public.bots (created_by);

create or replace function private.bots_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- Runs ahead of RLS's WITH CHECK and of the plan-limit trigger: nobody learns anything about
    -- an organization they may not add bots to.
    perform private.require_permission(new.organization_id, 'bots', 'create');
    new.created_by := coalesce((select auth.uid()), new.created_by);
  end if;
  if exists (select 1 from unnest(new.allowed_origins) o
             where o <> '*' and o !~ '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$') then
    raise exception 'Allowed origins look like https://www.example.com (scheme, host and optional port, no path).'
      using errcode = 'OFVAL';
  end if;
  return new;
end;
$$;
create trigger bots_before_write before insert or update on public.bots
  for each row execute function private.bots_before_write();

create trigger bots_plan_limit before insert on public.bots
  for each row execute function private.enforce_plan_limit('max_bots', 'bots', 'status <> ''archived''');
create trigger bots_plan_limit_unarchive before update of status on public.bots
  for each row when (old.status = 'archived' and new.status <> 'archived')
  execute function private.enforce_plan_limit('max_bots', 'bots', 'status <> ''archived''');

-- ---------------------------------------------------------------------------------------------
-- The bot's goal-based flow: React Flow's {nodes, edges, viewport}, a draft being edited and the
-- published copy visitors get (the draft when never published).

create table public.chatbot_workflows (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  bot_id uuid not null unique,
  definition jsonb not null default '{"nodes": [], "edges": [], "viewport": {"x": 0, "y": 0, "zoom": 1}}'::jsonb
    check (jsonb_typeof(definition) = 'object'
           and jsonb_typeof(definition -> 'nodes') = 'array'
           and jsonb_typeof(definition -> 'edges') = 'array'
           and octet_length(definition::text) <= 1048576),
  published_definition jsonb
    check (published_definition is null
           or (jsonb_typeof(published_definition) = 'object'
               and jsonb_typeof(published_definition -> 'nodes') = 'array'
               and octet_length(published_definition::text) <= 1048576)),
  -- Optimistic concurrency for the editor, as workflows: bumped on every save of the draft.
  version int not null default 1 check (version > 0),
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (bot_id, organization_id) references public.bots (id, organization_id) on delete cascade
);
create index chatbot_workflows_organization_id_idx on public.chatbot_workflows (organization_id);
create index chatbot_workflows_bot_org_idx on public.chatbot_workflows (bot_id, organization_id);

create or replace function private.chatbot_workflows_bump_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  return new;
end;
$$;
create trigger chatbot_workflows_bump_version before update of definition on public.chatbot_workflows
  for each row execute function private.chatbot_workflows_bump_version();

-- ---------------------------------------------------------------------------------------------
-- Knowledge base: documents and their chunks

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  bot_id uuid not null,
  title text not null check (char_length(btrim(title)) between 1 and 300),
  -- upload: a file (PDF, text, Markdown); text: typed or pasted in the console.
  source text not null check (source in ('upload', 'text')),
  mime_type text not null check (mime_type in ('text/plain', 'text/markdown', 'application/pdf')),
  file_name text check (file_name is null or char_length(file_name) <= 300),
  status text not null default 'pending' check (status in ('pending', 'processing', 'ready', 'failed')),
  -- 0–100, updated as pages are read and chunks written.
  progress int not null default 0 check (progress between 0 and 100),
  size_bytes bigint not null default 0 check (size_bytes >= 0),
  page_count int check (page_count is null or page_count >= 0),
  chunk_count int not null default 0 check (chunk_count >= 0),
  error text check (error is null or char_length(error) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  processed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (id, bot_id),
  foreign key (bot_id, organization_id) references public.bots (id, organization_id) on delete cascade
);
create index documents_organization_id_idx on public.documents (organization_id, created_at desc);
create index documents_bot_org_idx on public.documents (bot_id, organization_id, created_at desc);
create index documents_created_by_idx on public.documents (created_by);

-- The uploaded bytes (or typed text) until the worker has extracted and chunked them.
create table public.document_files (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null unique,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  data bytea not null,
  created_at timestamptz not null default now(),
  foreign key (document_id, organization_id) references public.documents (id, organization_id) on delete cascade
);
create index document_files_organization_id_idx on public.document_files (organization_id);
create index document_files_document_org_idx on public.document_files (document_id, organization_id);

-- The knowledge base of an organization has a size limit from its plan.
create or replace function private.documents_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_max_mb int;
  v_used bigint;
begin
  if tg_op = 'INSERT' then
    perform private.require_permission(new.organization_id, 'bots', 'create');
    new.created_by := coalesce((select auth.uid()), new.created_by);
    select max_knowledge_base_mb into v_max_mb from public.organizations where id = new.organization_id for update;
    select coalesce(sum(size_bytes), 0) into v_used from public.documents where organization_id = new.organization_id;
    if v_max_mb is not null and v_used + new.size_bytes > v_max_mb::bigint * 1024 * 1024 then
      raise exception 'Your plan allows % MB of knowledge base documents. Delete documents or upgrade your plan to add more.', v_max_mb
        using errcode = 'OFLIM';
    end if;
  end if;
  return new;
end;
$$;
create trigger documents_before_write before insert on public.documents
  for each row execute function private.documents_before_write();

create table public.document_chunks (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  bot_id uuid not null,
  document_id uuid not null,
  position int not null check (position >= 0),
  -- The nearest heading above the chunk (Markdown) or the document's title: it weighs more in search.
  heading text not null default '' check (char_length(heading) <= 500),
  content text not null check (char_length(content) between 1 and 20000),
  token_count int not null default 0 check (token_count >= 0),
  page int check (page is null or page > 0),
  tsv tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, heading), 'A') ||
    setweight(to_tsvector('english'::regconfig, content), 'B')
  ) stored,
  created_at timestamptz not null default now(),
  unique (document_id, position),
  foreign key (document_id, bot_id) references public.documents (id, bot_id) on delete cascade,
  foreign key (bot_id, organization_id) references public.bots (id, organization_id) on delete cascade
);
create index document_chunks_organization_id_idx on public.document_chunks (organization_id);
create index document_chunks_bot_org_idx on public.document_chunks (bot_id, organization_id);
create index document_chunks_document_bot_idx on public.document_chunks (document_id, bot_id);
-- No pending list (fastupdate off): chunks are written in batches by the background job, and
-- searches right after an upload would otherwise scan the whole unmerged list (~10x slower).
create index document_chunks_tsv_idx on public.document_chunks using gin (tsv) with (fastupdate = off);

-- Vectors when the server has pgvector (Supabase does; the embedded PostgreSQL 17 does not): an
-- embedding column and an HNSW index for cosine distance. Retrieval uses them only when the column
-- exists and an embedding provider is configured; full-text ranking works everywhere.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'vector') then
    create extension if not exists vector with schema extensions;
    alter table public.document_chunks add column embedding extensions.vector(1536);
    create index document_chunks_embedding_idx on public.document_chunks
      using hnsw (embedding extensions.vector_cosine_ops);
  end if;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Conversations

create table public.conversation_sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  bot_id uuid not null,
  contact_id uuid references public.contacts (id) on delete set null,
  -- What the visitor told the bot about themselves (name, email, phone …).
  contact_info jsonb not null default '{}'::jsonb
    check (jsonb_typeof(contact_info) = 'object' and octet_length(contact_info::text) <= 16000),
  channel text not null default 'web' check (channel in ('web', 'test')),
  status text not null default 'active' check (status in ('active', 'handed_off', 'closed')),
  goal_reached boolean not null default false,
  goal_reached_at timestamptz,
  handed_off_at timestamptz,
  closed_at timestamptz,
  -- Where the flow is: the node waiting for an answer, the answers so far, re-ask attempts.
  flow_state jsonb not null default '{}'::jsonb
    check (jsonb_typeof(flow_state) = 'object' and octet_length(flow_state::text) <= 64000),
  -- sha256 of the visitor's token: whoever holds the token may continue this session.
  visitor_token_hash text not null check (visitor_token_hash ~ '^[0-9a-f]{64}$'),
  origin text check (origin is null or char_length(origin) <= 300),
  message_count int not null default 0 check (message_count >= 0),
  started_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  foreign key (bot_id, organization_id) references public.bots (id, organization_id) on delete cascade
);
create index conversation_sessions_organization_id_idx
  on public.conversation_sessions (organization_id, status, last_message_at desc);
create index conversation_sessions_bot_org_idx
  on public.conversation_sessions (bot_id, organization_id, started_at desc);
create index conversation_sessions_contact_id_idx on public.conversation_sessions (contact_id);

create table public.conversation_messages (
  id uuid primary key default gen_random_uuid(),
  -- Order within a session and the widget's polling cursor (`after=<seq>`).
  seq bigint generated always as identity unique,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  session_id uuid not null,
  role text not null check (role in ('user', 'bot', 'agent')),
  content text not null check (char_length(content) between 1 and 8000),
  -- [{document_id, chunk_id, title, position, page, score}] for answers from the knowledge base.
  sources jsonb not null default '[]'::jsonb check (jsonb_typeof(sources) = 'array'),
  -- Quick replies the widget shows under a bot message (an ask of type choice).
  choices text[] check (choices is null or cardinality(choices) <= 20),
  -- A visitor question the knowledge base could not answer (for the analytics' top list).
  unanswered boolean not null default false,
  author_user_id uuid references auth.users (id) on delete set null,
  -- The agent's name when they wrote it, shown to the visitor and kept after they leave.
  author_name text check (author_name is null or char_length(author_name) <= 200),
  created_at timestamptz not null default now(),
  foreign key (session_id, organization_id) references public.conversation_sessions (id, organization_id) on delete cascade
);
create index conversation_messages_organization_id_idx on public.conversation_messages (organization_id, created_at desc);
create index conversation_messages_session_org_idx on public.conversation_messages (session_id, organization_id, seq);
create index conversation_messages_author_user_id_idx on public.conversation_messages (author_user_id);
create index conversation_messages_unanswered_idx on public.conversation_messages (organization_id, created_at desc)
  where unanswered;

-- An agent's reply moves its session's clock (the inbox sorts by it) and counter; the runtime
-- moves them for the visitor's and the bot's messages in the update it makes anyway.
create or replace function private.conversation_messages_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversation_sessions
  set last_message_at = new.created_at, message_count = message_count + 1
  where id = new.session_id;
  return null;
end;
$$;
create trigger conversation_messages_after_insert after insert on public.conversation_messages
  for each row when (new.role = 'agent') execute function private.conversation_messages_after_insert();

-- ---------------------------------------------------------------------------------------------
-- Row-level security and grants

select private.setup_tenant_table('public.bots', 'bots');
revoke insert, update on public.bots from authenticated;
grant insert (organization_id, name, description, persona, greeting, model_settings, fallback_message, status,
              allowed_origins) on public.bots to authenticated;
grant update (name, description, persona, greeting, model_settings, fallback_message, status, allowed_origins)
  on public.bots to authenticated;

select private.setup_tenant_table('public.chatbot_workflows', 'bots');
revoke update on public.chatbot_workflows from authenticated;
grant update (definition, published_definition, published_at) on public.chatbot_workflows to authenticated;
-- Autosaves of the draft are not audited; publishing is.
drop trigger chatbot_workflows_audit on public.chatbot_workflows;
create trigger chatbot_workflows_audit after insert or delete on public.chatbot_workflows
  for each row execute function private.audit_row_change();
create trigger chatbot_workflows_audit_update after update of published_at on public.chatbot_workflows
  for each row execute function private.audit_row_change();

select private.setup_tenant_table('public.documents', 'bots');
-- Status, progress and counts are the worker's to keep.
revoke update on public.documents from authenticated;
grant update (title) on public.documents to authenticated;
-- Progress updates are bookkeeping: only adding, renaming and deleting a document are audited.
drop trigger documents_audit on public.documents;
create trigger documents_audit after insert or delete on public.documents
  for each row execute function private.audit_row_change();
create trigger documents_audit_update after update of title on public.documents
  for each row execute function private.audit_row_change();

select private.setup_tenant_table('public.document_files', 'bots');
revoke update on public.document_files from authenticated;
drop trigger document_files_audit on public.document_files;

select private.setup_tenant_table('public.document_chunks', 'bots');
-- Chunks are written by the worker from the document; users read and search them.
revoke insert, update on public.document_chunks from authenticated;
drop trigger document_chunks_audit on public.document_chunks;

select private.setup_tenant_table('public.conversation_sessions', 'conversations');
-- Sessions are started by visitors (the service path); the team closes them and takes them over.
revoke insert, update on public.conversation_sessions from authenticated;
grant update (status, handed_off_at, closed_at, contact_id) on public.conversation_sessions to authenticated;
-- Visitors start sessions and every message moves one: only what the team does (status changes:
-- taking over, closing) and deletion are audited.
drop trigger conversation_sessions_audit on public.conversation_sessions;
create trigger conversation_sessions_audit after delete on public.conversation_sessions
  for each row execute function private.audit_row_change();
create trigger conversation_sessions_audit_update after update of status on public.conversation_sessions
  for each row when (old.status is distinct from new.status)
  execute function private.audit_row_change();

select private.setup_tenant_table('public.conversation_messages', 'conversations');
-- The team writes agent replies as themselves; transcripts are not edited.
revoke insert, update on public.conversation_messages from authenticated;
grant insert (organization_id, session_id, role, content) on public.conversation_messages to authenticated;
drop trigger conversation_messages_audit on public.conversation_messages;

create or replace function private.conversation_messages_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- A signed-in user always writes as an agent, under their own name.
  if coalesce((select auth.role()), '') = 'authenticated' then
    new.role := 'agent';
    new.author_user_id := (select auth.uid());
    new.author_name := coalesce((select nullif(btrim(display_name), '') from public.profiles
                                 where id = new.author_user_id), 'Team');
    new.sources := '[]'::jsonb;
    new.unanswered := false;
  end if;
  return new;
end;
$$;
create trigger conversation_messages_before_insert before insert on public.conversation_messages
  for each row execute function private.conversation_messages_before_insert();

-- Rotating a bot's public key (the old embed code stops working at once).
create or replace function public.rotate_bot_key(p_bot_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_bot public.bots;
  v_key text := 'bot_' || replace(gen_random_uuid()::text, '-', '') || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8);
begin
  select * into v_bot from public.bots where id = p_bot_id for update;
  if not found or not private.has_permission(v_bot.organization_id, 'bots', 'read') then
    raise exception 'This bot does not exist or was deleted.' using errcode = 'OFNFD';
  end if;
  if not private.has_permission(v_bot.organization_id, 'bots', 'update') then
    raise exception 'You do not have permission to change this bot.' using errcode = 'OFFRB';
  end if;
  update public.bots set public_key = v_key where id = p_bot_id;
  return v_key;
end;
$$;
revoke all on function public.rotate_bot_key(uuid) from public, anon;
grant execute on function public.rotate_bot_key(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Rate limits of the public chat API, kept in Postgres so every server instance counts the same
-- window: fixed windows per key (an IP, a bot), one row per key and window.

create table private.chat_rate_limits (
  key text not null check (char_length(key) <= 300),
  window_start timestamptz not null,
  hits int not null default 0,
  primary key (key, window_start)
);
create index chat_rate_limits_window_start_idx on private.chat_rate_limits (window_start, key text_pattern_ops);
revoke all on private.chat_rate_limits from public, anon, authenticated;

-- Counts one hit for each key and says whether all stayed within their limits. Returns the
-- seconds to wait when a limit is exceeded (0 when allowed). A key ending in '*' is a busy one
-- (a bot's counter, hit by all its visitors at once): its hit goes to one of 16 shard rows, so
-- concurrent requests do not queue on one row lock, and its count is the sum of the shards.
create or replace function private.chat_rate_hit(p_keys text[], p_limits int[], p_window_seconds int)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  v_key text;
  v_hits int;
  v_retry int := 0;
begin
  for i in 1 .. coalesce(array_length(p_keys, 1), 0) loop
    v_key := p_keys[i];
    if right(v_key, 1) = '*' then
      insert into private.chat_rate_limits as r (key, window_start, hits)
      values (left(v_key, -1) || floor(random() * 16)::int, v_window, 1)
      on conflict (key, window_start) do update set hits = r.hits + 1;
      select coalesce(sum(hits), 0) into v_hits from private.chat_rate_limits
      where window_start = v_window and key like left(v_key, -1) || '%' and char_length(key) <= char_length(v_key) + 1;
    else
      insert into private.chat_rate_limits as r (key, window_start, hits)
      values (v_key, v_window, 1)
      on conflict (key, window_start) do update set hits = r.hits + 1
      returning hits into v_hits;
    end if;
    if v_hits > p_limits[i] then
      v_retry := greatest(v_retry, ceil(extract(epoch from (v_window + make_interval(secs => p_window_seconds) - now())))::int, 1);
    end if;
  end loop;
  -- Old windows go now and then.
  if random() < 0.01 then
    delete from private.chat_rate_limits where window_start < now() - interval '1 hour';
  end if;
  return v_retry;
end;
$$;
revoke all on function private.chat_rate_hit(text[], int[], int) from public, anon, authenticated;
grant execute on function private.chat_rate_hit(text[], int[], int) to service_role;
