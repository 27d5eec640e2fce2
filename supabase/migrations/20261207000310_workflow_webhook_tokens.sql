-- Webhook URLs carry a random token per workflow (issue #15, item 4).
--
-- Before: /api/hooks/<workflow id>/<HMAC of the id keyed by the server's secret key>. On installs
-- still on the public default key anyone could compute any organization's URL and run its
-- workflow (`?wait=1` even answered with the output). Now each webhook trigger has a token of
-- 256 random bits made by the app (lib/workflows/webhook-tokens.ts); only its SHA-256 is stored
-- here, with a short prefix to recognise it by. The whole URL is shown once, to the member who
-- created or rotated it; rotating replaces the row, so the old URL (and its ?test=1 variant) stops
-- working with the transaction's commit. This is how GitHub stores personal access tokens and
-- Stripe its API keys: random, hashed at rest, shown once, revocable; no secret of the server
-- derives them, so a leaked or default server key does not reveal them.

create table public.workflow_webhook_tokens (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  workflow_id uuid not null,
  -- SHA-256 of the whole token, hex. A 256-bit random token needs no salt or slow hash.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the token, shown in the builder after the token itself no longer is.
  token_prefix text not null check (char_length(token_prefix) between 4 and 16),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- One live token per workflow: rotating deletes the old one in the transaction that adds the new.
  unique (workflow_id),
  foreign key (workflow_id, organization_id) references public.workflows (id, organization_id) on delete cascade
);
create index workflow_webhook_tokens_organization_id_idx on public.workflow_webhook_tokens (organization_id);
create index workflow_webhook_tokens_workflow_org_idx on public.workflow_webhook_tokens (workflow_id, organization_id);
create index workflow_webhook_tokens_created_by_idx on public.workflow_webhook_tokens (created_by);

select private.setup_tenant_table('public.workflow_webhook_tokens', 'workflows');
-- Making and rotating a webhook URL is editing the workflow (workflows:update), not creating one;
-- a token is never edited in place, only replaced.
drop policy "workflow_webhook_tokens: create" on public.workflow_webhook_tokens;
drop policy "workflow_webhook_tokens: update" on public.workflow_webhook_tokens;
drop policy "workflow_webhook_tokens: delete" on public.workflow_webhook_tokens;
create policy "workflow_webhook_tokens: create" on public.workflow_webhook_tokens for insert to authenticated
  with check (organization_id in (select private.permitted_organizations('workflows', 'update')));
create policy "workflow_webhook_tokens: delete" on public.workflow_webhook_tokens for delete to authenticated
  using (organization_id in (select private.permitted_organizations('workflows', 'update')));
revoke insert, update on public.workflow_webhook_tokens from authenticated;
grant insert (organization_id, workflow_id, token_hash, token_prefix) on public.workflow_webhook_tokens to authenticated;

create or replace function private.workflow_webhook_tokens_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.created_by := coalesce((select auth.uid()), new.created_by);
  new.created_at := now();
  return new;
end;
$$;
create trigger workflow_webhook_tokens_before_insert before insert on public.workflow_webhook_tokens
  for each row execute function private.workflow_webhook_tokens_before_insert();
