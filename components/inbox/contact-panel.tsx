import Link from "next/link";
import { ExternalLink } from "lucide-react";
import type { InboxSession } from "@/lib/inbox/view";

/**
 * Who the visitor is, beside the conversation (wide screens): what they told the bot and, when
 * they became a contact, a link to the contact's page with their other conversations.
 */
export function ContactPanel({ slug, session }: { slug: string; session: InboxSession }) {
  const rows = [
    ["Email", session.contactEmail],
    ["Phone", session.contactPhone],
    ["Bot", session.botName],
    [
      "Started",
      new Date(session.startedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
    ],
    ["Assigned to", session.assigneeName ?? "Nobody"],
  ] as const;
  return (
    <aside
      aria-label="Contact"
      className="hidden w-52 shrink-0 flex-col gap-3 overflow-y-auto border-l p-3 text-sm xl:flex"
    >
      <h3 className="font-semibold break-words">{session.contact}</h3>
      <dl className="grid gap-2">
        {rows.map(([label, value]) =>
          value ? (
            <div key={label} className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">{label}</dt>
              <dd className="break-words">{value}</dd>
            </div>
          ) : null,
        )}
      </dl>
      {session.contactId ? (
        <Link
          href={`/o/${slug}/contacts/${session.contactId}`}
          className="inline-flex items-center gap-1 text-sm font-medium text-primary underline-offset-4 hover:underline"
        >
          Open contact
          <ExternalLink className="size-3.5" aria-hidden="true" />
        </Link>
      ) : (
        <p className="text-xs text-muted-foreground">
          Not a contact yet: the bot has not collected their details.
        </p>
      )}
    </aside>
  );
}
