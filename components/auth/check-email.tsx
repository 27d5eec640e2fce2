"use client";

import * as React from "react";
import Link from "next/link";
import { Inbox, MailCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/actions/action";

/**
 * The successful result of an "we emailed you" form until the person chooses to go back to the
 * form (to try another address); a new successful submit shows again.
 */
export function useSentResult<T>(result: ActionState<T>) {
  const [dismissed, setDismissed] = React.useState<unknown>(null);
  const sent = result?.ok && dismissed !== result ? result : null;
  return { sent, dismiss: () => setDismissed(result) };
}

/** The "check your email" state of sign-up and forgot-password. */
export function CheckEmail({
  children,
  backLabel,
  onBack,
  mailboxHref,
}: {
  children: React.ReactNode;
  /** The button that goes back to the form. */
  backLabel: string;
  onBack: () => void;
  /** When the local stack is running: a link to the page that shows captured emails. */
  mailboxHref?: string;
}) {
  return (
    <div role="status" className="flex flex-col items-center gap-4 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
        <MailCheck className="size-6" aria-hidden="true" />
      </span>
      <div className="flex flex-col gap-1.5">
        <p className="text-base font-semibold">Check your email</p>
        <p className="text-sm text-pretty text-muted-foreground">{children}</p>
      </div>
      <p className="text-[13px] text-muted-foreground">
        Nothing there? Check your spam folder, or wait a minute and try again.
      </p>
      <div className="flex w-full flex-col gap-2">
        {mailboxHref ? (
          <Button asChild className="w-full">
            <Link href={mailboxHref}>
              <Inbox aria-hidden="true" />
              Open local mailbox
            </Link>
          </Button>
        ) : null}
        <Button variant="outline" className="w-full" onClick={onBack}>
          {backLabel}
        </Button>
      </div>
    </div>
  );
}
