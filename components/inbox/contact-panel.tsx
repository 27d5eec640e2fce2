"use client";

import * as React from "react";
import Link from "next/link";
import { ExternalLink, UserRound, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { InboxSession } from "@/lib/inbox/view";
import { cn } from "@/lib/utils/cn";

/**
 * Who the visitor is, beside the conversation: what they told the bot and, when they became a
 * contact, a link to the contact's page with their other conversations. Always shown from 1280 px;
 * on narrower screens a "Contact" button opens it over the transcript (Esc or × closes it).
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
  const [open, setOpen] = React.useState(false);
  const id = React.useId();
  const toggle = React.useRef<HTMLButtonElement>(null);
  const closer = React.useRef<HTMLButtonElement>(null);
  // Opened over the transcript: focus goes into it (Esc closes and gives it back).
  React.useEffect(() => {
    if (open) closer.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <>
      <Button
        ref={toggle}
        type="button"
        variant="outline"
        size="sm"
        className="absolute top-2 right-4 z-10 xl:hidden"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        <UserRound aria-hidden="true" />
        Contact
      </Button>
      <aside
        id={id}
        aria-label="Contact"
        onKeyDown={(e) => {
          if (e.key === "Escape" && open) close();
        }}
        className={cn(
          "w-52 shrink-0 flex-col gap-3 overflow-y-auto border-l bg-background p-3 text-sm xl:static xl:flex xl:shadow-none",
          open ? "absolute inset-y-0 right-0 z-20 flex shadow-lg" : "hidden",
        )}
      >
        <div className="flex items-start justify-between gap-2">
          <h3 className="font-semibold break-words">{session.contact}</h3>
          <Button
            type="button"
            variant="ghost"
            size="sm"
            ref={closer}
            className="xl:hidden"
            aria-label="Close contact details"
            onClick={close}
          >
            <X aria-hidden="true" />
          </Button>
        </div>
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
    </>
  );
}
