import { sendMail } from "@/lib/mail/send";
import { failed, type ChannelOutcome, type NotificationMessage } from "./outcome";

/** One notification by email (the local mailbox under `npm run dev`, SMTP elsewhere). */
export async function sendNotificationEmail(to: string, m: NotificationMessage): Promise<ChannelOutcome> {
  try {
    await sendMail({
      to,
      subject: m.title,
      text: [m.message, m.url ? `Open it in Orgflow: ${m.url}` : "", `— ${m.organizationName}`, FOOTER]
        .filter(Boolean)
        .join("\n\n"),
      kind: `notification:${m.kind}`,
      links: m.url ? [{ label: "Open in Orgflow", url: m.url }] : [],
    });
    return { ok: true, delivered: false };
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e));
  }
}

export const FOOTER =
  "You can choose what Orgflow sends you, and where, in your profile under Notifications.";
