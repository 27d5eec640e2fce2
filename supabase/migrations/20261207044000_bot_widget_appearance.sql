-- A widget customers can brand (issue #19, item 7): the bot's title, colours, launcher position
-- and text in bots.widget (validated by the app's zod schema, bounded here), and its avatar, an
-- uploaded picture kept here under RLS (PNG, JPEG or WebP, checked by content in the app, at most
-- 512 KB) and served by the app at /api/chat/<bot key>/avatar to every website allowed to show it.

alter table public.bots
  add column widget jsonb not null default '{}'::jsonb
    check (jsonb_typeof(widget) = 'object' and octet_length(widget::text) <= 2000);
comment on column public.bots.widget is
  'The embeddable widget''s look: {title, color, text_color, position, launcher_text} (lib/chatbots/widget-appearance.ts).';
grant insert (widget), update (widget) on public.bots to authenticated;

create table public.bot_widget_avatars (
  id uuid primary key default gen_random_uuid(),
  bot_id uuid not null unique,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
  data bytea not null check (octet_length(data) between 1 and 524288),
  updated_at timestamptz not null default now(),
  foreign key (bot_id, organization_id) references public.bots (id, organization_id) on delete cascade
);
comment on table public.bot_widget_avatars is 'The picture a bot''s widget shows beside its messages.';
create index bot_widget_avatars_organization_id_idx on public.bot_widget_avatars (organization_id);

select private.setup_tenant_table('public.bot_widget_avatars', 'bots');
-- The bytes are not copied into the audit log: the bot's change is what is recorded.
drop trigger bot_widget_avatars_audit on public.bot_widget_avatars;
revoke insert, update on public.bot_widget_avatars from authenticated;
grant insert (bot_id, organization_id, content_type, data) on public.bot_widget_avatars to authenticated;
grant update (content_type, data) on public.bot_widget_avatars to authenticated;
