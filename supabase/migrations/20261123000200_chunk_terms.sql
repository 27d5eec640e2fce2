-- Knowledge-base retrieval from an inverted index of its own (issue #8: time to first answer).
--
-- Retrieval scores chunks BM25-style: for each lexeme of the question, the chunks of the bot that
-- contain it, whether in their heading, and their length. From the GIN index on
-- document_chunks.tsv every match was a heap visit and a tsvector test; here every match is one
-- entry of a covering B-tree (bot, lexeme) read by an index-only scan, so a question costs a few
-- hundred index entries whatever the size of the chunks. The rows are derived from the chunks'
-- tsv by the triggers below (chunks are inserted and deleted, never rewritten, but an edit of their
-- text is followed too), so the GIN index has no reader left and goes.

create table public.document_chunk_terms (
  chunk_id uuid not null,
  lexeme text not null,
  -- No foreign keys: a check per row would double the cost of writing a document's terms, and the
  -- rows go with their chunk (the delete trigger), which goes with its document, bot, organization.
  organization_id uuid not null,
  bot_id uuid not null,
  token_count int not null,
  in_heading boolean not null,
  primary key (chunk_id, lexeme)
);
-- Retrieval reads only this index (organization_id for the read policy of the console's search).
-- The primary key serves the delete trigger; no other index, as every one is written per term.
create index document_chunk_terms_lookup_idx on public.document_chunk_terms (bot_id, lexeme)
  include (chunk_id, token_count, in_heading, organization_id);

select private.setup_tenant_table('public.document_chunk_terms', 'bots');
revoke insert, update, delete on public.document_chunk_terms from authenticated;
-- Derived data, written with the chunks: not audited (the document's own rows are).
drop trigger document_chunk_terms_audit on public.document_chunk_terms;

-- A chunk's rows: one per lexeme of its tsv (one-letter lexemes are not searched), and whether
-- the lexeme is in the heading (weight A). Inlined by the planner into the statements below.
create or replace function private.chunk_term_rows(
  p_chunk_id uuid, p_organization_id uuid, p_bot_id uuid, p_token_count int, p_tsv tsvector
)
returns table (chunk_id uuid, lexeme text, organization_id uuid, bot_id uuid, token_count int, in_heading boolean)
language sql
immutable
as $$
  select p_chunk_id, u.lexeme, p_organization_id, p_bot_id, p_token_count, 'A' = any (u.weights)
  from unnest(p_tsv) as u (lexeme, positions, weights)
  where length(u.lexeme) > 1
$$;

create or replace function private.document_chunk_terms_sync()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.document_chunk_terms (chunk_id, lexeme, organization_id, bot_id, token_count, in_heading)
    select t.* from new_chunks c
    cross join lateral private.chunk_term_rows(c.id, c.organization_id, c.bot_id, c.token_count, c.tsv) t;
  elsif tg_op = 'DELETE' then
    delete from public.document_chunk_terms t using old_chunks o where t.chunk_id = o.id;
  else
    -- Only chunks whose indexed text or scoring inputs changed (not, say, a new embedding).
    delete from public.document_chunk_terms t
    using old_chunks o join new_chunks n on n.id = o.id
    where t.chunk_id = o.id
      and (n.tsv, n.token_count, n.bot_id, n.organization_id) is distinct from
          (o.tsv, o.token_count, o.bot_id, o.organization_id);
    insert into public.document_chunk_terms (chunk_id, lexeme, organization_id, bot_id, token_count, in_heading)
    select t.* from new_chunks n join old_chunks o on o.id = n.id
    cross join lateral private.chunk_term_rows(n.id, n.organization_id, n.bot_id, n.token_count, n.tsv) t
    where (n.tsv, n.token_count, n.bot_id, n.organization_id) is distinct from
          (o.tsv, o.token_count, o.bot_id, o.organization_id);
  end if;
  return null;
end;
$$;

create trigger document_chunks_terms_insert after insert on public.document_chunks
  referencing new table as new_chunks
  for each statement execute function private.document_chunk_terms_sync();
create trigger document_chunks_terms_delete after delete on public.document_chunks
  referencing old table as old_chunks
  for each statement execute function private.document_chunk_terms_sync();
create trigger document_chunks_terms_update after update on public.document_chunks
  referencing old table as old_chunks new table as new_chunks
  for each statement execute function private.document_chunk_terms_sync();

insert into public.document_chunk_terms (chunk_id, lexeme, organization_id, bot_id, token_count, in_heading)
select t.* from public.document_chunks c
cross join lateral private.chunk_term_rows(c.id, c.organization_id, c.bot_id, c.token_count, c.tsv) t;

drop index public.document_chunks_tsv_idx;

-- Index-only scans skip the heap only on pages the visibility map calls all-visible, which
-- vacuum sets: come soon after an upload (any 2,000 new terms, ~40 chunks), not after 20% growth.
alter table public.document_chunk_terms set (
  autovacuum_vacuum_insert_threshold = 2000,
  autovacuum_vacuum_insert_scale_factor = 0
);
