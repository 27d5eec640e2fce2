import { sendWithSmtp } from "@/lib/mail/smtp";
import type { Deps } from "./context";
import type { Db } from "./users";

/**
 * What Supabase Auth emails. Subjects and wording follow GoTrue's default templates
 * (internal/mailer/templatemailer). Where it goes is the server's `mail` setting:
 * - "mailbox" (`npm run dev` only): a row in local_mailbox.messages, shown by the app's
 *   /dev/mailbox page, and one readable log line with the link;
 * - "smtp": sent through SMTP_HOST, like GoTrue's SMTP mailer;
 * - "log" (production without SMTP): not sent, and the log says so, without the link or code
 *   (whoever reads the logs must not be able to sign in as the recipient).
 */

export type { MailDelivery } from "./context";

export type VerifyType = "signup" | "invite" | "recovery" | "magiclink" | "email_change";

export type MailKind = "confirmation" | "invite" | "recovery" | "magic_link" | "email_change";

type MailLink = { label: string; url: string };

/** `{API_EXTERNAL_URL}/verify?token=…&type=…&redirect_to=…`, the link GoTrue puts in every mail. */
export function verifyLink(externalUrl: string, token: string, type: VerifyType, redirectTo: string): string {
  const query = new URLSearchParams({ token, type, redirect_to: redirectTo });
  return `${externalUrl}/verify?${query.toString()}`;
}

const TEMPLATES: Record<MailKind, { subject: string; heading: string; intro: string; action: string }> = {
  confirmation: {
    subject: "Confirm Your Signup",
    heading: "Confirm your signup",
    intro: "Follow this link to confirm your user:",
    action: "Confirm your mail",
  },
  invite: {
    subject: "You have been invited",
    heading: "You have been invited",
    intro: "You have been invited to create a user. Follow this link to accept the invite:",
    action: "Accept the invite",
  },
  recovery: {
    subject: "Reset Your Password",
    heading: "Reset Password",
    intro: "Follow this link to reset the password for your user:",
    action: "Reset Password",
  },
  magic_link: {
    subject: "Your Magic Link",
    heading: "Magic Link",
    intro: "Follow this link to login:",
    action: "Log In",
  },
  email_change: {
    subject: "Confirm Email Change",
    heading: "Confirm Change of Email",
    intro: "Follow this link to confirm the update of your email:",
    action: "Change Email",
  },
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function sendAuthMail(
  deps: Deps,
  db: Db,
  mail: { to: string; kind: MailKind; link: string; otp: string; note?: string },
): Promise<void> {
  const t = TEMPLATES[mail.kind];
  const note = mail.note ? `\n\n${mail.note}` : "";
  const text = `${t.heading}\n\n${t.intro}\n${mail.link}\n\nAlternatively, enter the code: ${mail.otp}${note}\n`;
  const html =
    `<h2>${escapeHtml(t.heading)}</h2><p>${escapeHtml(t.intro)}</p>` +
    `<p><a href="${escapeHtml(mail.link)}">${escapeHtml(t.action)}</a></p>` +
    `<p>Alternatively, enter the code: ${escapeHtml(mail.otp)}</p>` +
    (mail.note ? `<p>${escapeHtml(mail.note)}</p>` : "");
  if (deps.mail === "smtp") {
    await sendWithSmtp({ to: mail.to, subject: t.subject, text, html, kind: mail.kind });
    return;
  }
  if (deps.mail === "log") {
    deps.log(
      `[auth mail] NOT DELIVERED (no SMTP server configured: set SMTP_HOST): ${mail.kind} to ${mail.to}`,
    );
    return;
  }
  const links: MailLink[] = [{ label: t.action, url: mail.link }];
  // local_mailbox is reachable by the connection's own role only, never by API roles.
  await db`
    insert into local_mailbox.messages (to_address, subject, text_body, html_body, kind, links)
    values (${mail.to}, ${t.subject}, ${text}, ${html}, ${mail.kind}, ${db.json(links)})`;
  deps.log(`[auth mail] ${mail.kind} → ${mail.to}: "${t.subject}" code ${mail.otp} ${mail.link}`);
}
