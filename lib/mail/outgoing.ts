/** An email as the app composes it, before it is captured (local mailbox) or sent (SMTP). */
export type MailLink = { label: string; url: string };
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  links?: MailLink[];
};
