import { sql } from "@/lib/db/client";
import { mailboxEnabled } from "./mailbox-enabled";

import type { OutgoingMail } from "./outgoing";

export type { MailLink, OutgoingMail } from "./outgoing";

/**
 * Sends an email. Under `npm run dev` with the local stack nothing leaves the machine: the message
 * is captured in the local mailbox (the /dev/mailbox page) and printed. Everywhere else it goes
 * through SMTP (SMTP_HOST …); with no SMTP server configured it is not delivered, and the log says
 * so without its content (a link in a log would let whoever reads it act as the recipient).
 */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  if (mailboxEnabled()) {
    await captureMail(mail);
    return;
  }
  if (!process.env.SMTP_HOST) {
    console.warn(
      `[mail] NOT DELIVERED (no SMTP server configured: set SMTP_HOST): ${mail.kind} to ${mail.to}`,
    );
    return;
  }
  const { sendWithSmtp } = await import("./smtp");
  await sendWithSmtp(mail);
}

async function captureMail(mail: OutgoingMail): Promise<void> {
  // local_mailbox is not granted to API roles; the pool's own login role may write it, and only
  // under `npm run dev` (supabase/local-stack/app-access.ts grants it there and revokes it otherwise).
  await sql()`
    insert into local_mailbox.messages (to_address, subject, text_body, html_body, kind, links)
    values (${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${mail.kind},
            ${sql().json(mail.links ?? [])})`;
  const link = mail.links?.[0]?.url;
  console.log(`[mail] ${mail.kind} → ${mail.to}: ${mail.subject}${link ? ` (${link})` : ""}`);
}
