import { sql } from "@/lib/db/client";
import { stackConfig } from "@/lib/config/stack";

export type MailLink = { label: string; url: string };
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  links?: MailLink[];
};

/**
 * Sends an email. Locally, nothing leaves the machine: the message is captured in the local
 * mailbox (the /dev/mailbox page) and printed. Hosted, SMTP settings are required.
 */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  if (stackConfig().local || !process.env.SMTP_HOST) {
    await captureMail(mail);
    return;
  }
  const { sendWithSmtp } = await import("./smtp");
  await sendWithSmtp(mail);
}

async function captureMail(mail: OutgoingMail): Promise<void> {
  // local_mailbox is not granted to API roles; the pool's own role (postgres) writes it.
  await sql()`
    insert into local_mailbox.messages (to_address, subject, text_body, html_body, kind, links)
    values (${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${mail.kind},
            ${sql().json(mail.links ?? [])})`;
  const link = mail.links?.[0]?.url;
  console.log(`[mail] ${mail.kind} → ${mail.to}: ${mail.subject}${link ? ` (${link})` : ""}`);
}
