-- Conversations that work (issue #19): retrieval that survives paraphrase and typos.
--
-- 1. A bot has a language: the text-search configuration its chunks and questions are stemmed
--    with (english, german, … or simple for no stemming). Chunks' tsv was generated with
--    'english'; it is now set by a trigger from the bot's language and rewritten when it changes.
-- 2. Each bot's vocabulary (its distinct lexemes, with how many chunks hold each), kept from the
--    inverted index by triggers: the query's typo correction looks for the nearest lexeme of the
--    bot by trigram similarity (pg_trgm) when a question's word matches none.
-- 3. Vectors where the database has no pgvector: embedding_data holds a chunk's embedding as
--    float32 bytes, scored by an exact scan in the app (lib/chatbots/vector-store.ts).
-- 4. The default flow's answer threshold moves to the new confidence scale, and its lead-capture
--    question becomes an offer that lets the visitor ask something else.

create extension if not exists pg_trgm with schema extensions;

-- ---------------------------------------------------------------------------------------------
-- 1. The bot's language

alter table public.bots add column language text not null default 'english'
  check (language in ('simple', 'english', 'german', 'french', 'spanish', 'italian', 'portuguese', 'dutch',
                      'swedish', 'danish', 'norwegian', 'finnish', 'russian', 'turkish'));
grant insert (language), update (language) on public.bots to authenticated;

alter table public.document_chunks alter column tsv drop expression;

-- The chunk's tsv, weighted as before (heading A, content B), in its bot's language.
create or replace function private.document_chunks_set_tsv()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_config regconfig := coalesce((select language::regconfig from public.bots where id = new.bot_id), 'english');
begin
  new.tsv := setweight(to_tsvector(v_config, new.heading), 'A') || setweight(to_tsvector(v_config, new.content), 'B');
  return new;
end;
$$;
create trigger document_chunks_set_tsv before insert or update of heading, content, bot_id on public.document_chunks
  for each row execute function private.document_chunks_set_tsv();

-- A new language restems the bot's chunks (the inverted index and vocabulary follow by trigger).
create or replace function private.bots_language_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.document_chunks
  set tsv = setweight(to_tsvector(new.language::regconfig, heading), 'A') ||
            setweight(to_tsvector(new.language::regconfig, content), 'B')
  where bot_id = new.id;
  return null;
end;
$$;
create trigger bots_language_changed after update of language on public.bots
  for each row when (old.language is distinct from new.language)
  execute function private.bots_language_changed();

-- ---------------------------------------------------------------------------------------------
-- 2. The bot's vocabulary

create table public.document_vocabulary (
  bot_id uuid not null,
  lexeme text not null,
  -- No foreign keys, as document_chunk_terms: rows follow the terms (and go when the count does).
  organization_id uuid not null,
  chunk_count int not null check (chunk_count > 0),
  primary key (bot_id, lexeme)
);
-- The read policy's column, beside the primary key that every lookup uses.
create index document_vocabulary_organization_id_idx on public.document_vocabulary (organization_id);
-- Typo correction compares a word with the bot's lexemes of about its length only.
create index document_vocabulary_length_idx on public.document_vocabulary (bot_id, length(lexeme), lexeme);

select private.setup_tenant_table('public.document_vocabulary', 'bots');
revoke insert, update, delete on public.document_vocabulary from authenticated;
drop trigger document_vocabulary_audit on public.document_vocabulary;

-- Counts per (bot, lexeme), changed in lexeme order so concurrent documents of one bot lock rows
-- in the same order.
create or replace function private.document_vocabulary_sync()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.document_vocabulary as v (bot_id, lexeme, organization_id, chunk_count)
    select bot_id, lexeme, min(organization_id::text)::uuid, count(*)
    from new_terms group by bot_id, lexeme order by bot_id, lexeme
    on conflict (bot_id, lexeme) do update set chunk_count = v.chunk_count + excluded.chunk_count;
  else
    with gone as (
      select bot_id, lexeme, count(*) as n from old_terms group by bot_id, lexeme
    ),
    locked as (
      select v.bot_id, v.lexeme, v.chunk_count, g.n from public.document_vocabulary v
      join gone g on g.bot_id = v.bot_id and g.lexeme = v.lexeme
      order by v.bot_id, v.lexeme
      for update of v
    ),
    lowered as (
      update public.document_vocabulary v set chunk_count = l.chunk_count - l.n
      from locked l
      where v.bot_id = l.bot_id and v.lexeme = l.lexeme and l.chunk_count > l.n
    )
    delete from public.document_vocabulary v
    using locked l
    where v.bot_id = l.bot_id and v.lexeme = l.lexeme and l.chunk_count <= l.n;
  end if;
  return null;
end;
$$;
create trigger document_chunk_terms_vocabulary_insert after insert on public.document_chunk_terms
  referencing new table as new_terms
  for each statement execute function private.document_vocabulary_sync();
create trigger document_chunk_terms_vocabulary_delete after delete on public.document_chunk_terms
  referencing old table as old_terms
  for each statement execute function private.document_vocabulary_sync();

insert into public.document_vocabulary (bot_id, lexeme, organization_id, chunk_count)
select bot_id, lexeme, min(organization_id::text)::uuid, count(*)
from public.document_chunk_terms group by bot_id, lexeme;

-- ---------------------------------------------------------------------------------------------
-- 3. Vectors without pgvector: float32 little-endian, at most 4,096 dimensions.

alter table public.document_chunks add column embedding_data bytea
  check (embedding_data is null or (octet_length(embedding_data) % 4 = 0 and octet_length(embedding_data) <= 16384));

-- ---------------------------------------------------------------------------------------------
-- 4. Flows: the default flow's answer threshold and lead capture

-- The old default answer threshold (0.35 of the old confidence) written into every new bot's
-- "Answer from knowledge base" step goes, so those steps use the new default. A threshold a
-- member chose (any other value) stays.
create or replace function private.flow_with_new_answer_defaults(p_flow jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case when jsonb_typeof(p_flow -> 'nodes') <> 'array' then p_flow else
    jsonb_set(p_flow, '{nodes}', coalesce((
      select jsonb_agg(
        case
          when n ->> 'type' = 'knowledge_answer' and (n #> '{data,config,min_confidence}') = '0.35'::jsonb
            then n #- '{data,config,min_confidence}'
          -- The starter flow's lead capture, as every new bot got it: now an offer.
          when n ->> 'type' = 'ask' and n ->> 'id' = 'ask_1' and (n #>> '{data,config,question}') =
               'I could not find that. Leave your email and our team will get back to you.'
            then jsonb_set(jsonb_set(n, '{data,config,question}',
                   '"I could not find that. Leave your email and our team will get back to you, or ask me something else."'),
                   '{data,config,allow_other_questions}', 'true')
          else n
        end order by i)
      from jsonb_array_elements(p_flow -> 'nodes') with ordinality as e (n, i)), '[]'::jsonb))
  end
$$;

update public.chatbot_workflows
set definition = private.flow_with_new_answer_defaults(definition),
    published_definition = case when published_definition is null then null
                                else private.flow_with_new_answer_defaults(published_definition) end
where definition::text like '%"min_confidence": 0.35%' or definition::text like '%I could not find that. Leave your email%'
   or published_definition::text like '%"min_confidence": 0.35%'
   or published_definition::text like '%I could not find that. Leave your email%';

drop function private.flow_with_new_answer_defaults(jsonb);
