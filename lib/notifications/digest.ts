import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { sendMail } from "@/lib/mail/send";
import { FOOTER } from "./channels/email";
import { absoluteLink } from "./delivery";

/**
 * The daily digest: every email delivery a person chose to collect ('digest') goes out in one
 * email a day, grouped by organization, then is marked sent. Run by the queue's cron
 * (lib/notifications/tasks.ts); a person's digest is claimed in one statement, so two workers
 * never send it twice.
 */

const itemSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  message: z.string(),
  link: z.string().nullable(),
  organization_name: z.string(),
  created_at: z.date(),
});

const MAX_ITEMS = 100;

export async function sendDigests(db?: Sql, maxPeople = 500): Promise<{ people: number; items: number }> {
  const people = z.array(z.object({ user_id: z.uuid(), email: z.string() })).parse(
    await withServiceRoleBypassingRls(
      (tx) => tx`
        select distinct d.recipient_user_id as user_id, p.email
        from public.notification_deliveries d
        join public.profiles p on p.id = d.recipient_user_id
        where d.status = 'digest' and p.email is not null
        limit ${maxPeople}`,
      db,
    ),
  );
  let items = 0;
  for (const person of people) items += await sendOneDigest(person.user_id, person.email, db);
  return { people: people.length, items };
}

async function sendOneDigest(userId: string, email: string, db?: Sql): Promise<number> {
  return withServiceRoleBypassingRls(async (tx) => {
    const rows = z.array(itemSchema).parse(
      await tx`
        with due as (
          select d.id from public.notification_deliveries d
          where d.recipient_user_id = ${userId} and d.status = 'digest'
          order by d.created_at
          for update skip locked
        ), sent as (
          update public.notification_deliveries d
          set status = 'sent', sent_at = now(), attempts = d.attempts + 1
          from due where d.id = due.id
          returning d.id, d.notification_id, d.organization_id
        )
        select s.id, n.title, n.message, n.link, o.name as organization_name, n.created_at
        from sent s
        join public.notifications n on n.id = s.notification_id
        join public.organizations o on o.id = s.organization_id
        order by o.name, n.created_at`,
    );
    if (rows.length === 0) return 0;
    const lines = rows.slice(0, MAX_ITEMS).map((r) => {
      const url = absoluteLink(r.link);
      return `• [${r.organization_name}] ${r.title}${r.message ? ` — ${r.message.slice(0, 300)}` : ""}${url ? `\n  ${url}` : ""}`;
    });
    const more = rows.length > MAX_ITEMS ? [`… and ${rows.length - MAX_ITEMS} more in the app.`] : [];
    // Sent inside the claim: a failed send rolls the claim back and the next run tries again.
    await sendMail({
      to: email,
      subject: `Your Orgflow digest: ${rows.length} notification${rows.length === 1 ? "" : "s"}`,
      text: [...lines, ...more, FOOTER].join("\n\n"),
      kind: "notification:digest",
    });
    return rows.length;
  }, db);
}
