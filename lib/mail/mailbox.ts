import "server-only";
import { z } from "zod";
import { sql } from "@/lib/db/client";

/** A link in a captured email (confirm, reset, accept invitation …). Only http(s) is kept. */
const linkSchema = z.object({ label: z.string(), url: z.string().regex(/^https?:\/\//i) });

const mailboxMessageSchema = z.object({
  id: z.coerce.string(),
  to_address: z.string(),
  subject: z.string(),
  text_body: z.string(),
  html_body: z.string().nullable(),
  kind: z.string(),
  // A malformed link is dropped, not a reason to hide the whole message.
  links: z
    .array(z.unknown())
    .catch([])
    .transform((links) => links.flatMap((l) => linkSchema.safeParse(l).data ?? [])),
  created_at: z.date(),
});

export type MailboxMessage = z.infer<typeof mailboxMessageSchema>;

export const MAILBOX_MAX_LIMIT = 200;

/**
 * The emails the local stack captured instead of sending (see lib/mail/send.ts), newest first;
 * `to` keeps those whose recipient contains it (case-insensitive). Local development only: the
 * /dev/mailbox page is a 404 unless mailboxEnabled() (`npm run dev` with the local stack).
 *
 * Why the plain pool and not withUser/withServiceRoleBypassingRls: `local_mailbox` is a local-only
 * schema that is deliberately not granted to any API role (anon, authenticated, service_role), so
 * that no user request can ever read other people's emails. Only the pool's own login role can
 * read it, and only while the stack runs under `npm run dev` (supabase/local-stack/app-access.ts).
 */
export async function listMailbox({ to, limit = 50 }: { to?: string; limit?: number } = {}): Promise<
  MailboxMessage[]
> {
  const db = sql();
  const max = Math.min(Math.max(1, Math.trunc(limit)), MAILBOX_MAX_LIMIT);
  const needle = to?.trim();
  const rows = await db`
    select id, to_address, subject, text_body, html_body, kind, links, created_at
    from local_mailbox.messages
    ${needle ? db`where to_address ilike ${`%${escapeLike(needle)}%`}` : db``}
    order by created_at desc, id desc
    limit ${max}`;
  return rows.map((row) => mailboxMessageSchema.parse(row));
}

/** Escapes LIKE's wildcards so a search for "a_b%" matches those characters literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
