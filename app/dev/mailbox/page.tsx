import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Inbox, Search, X } from "lucide-react";
import { Logo } from "@/components/brand/logo";
import { AutoRefresh } from "@/components/mailbox/auto-refresh";
import { MailboxMessageCard } from "@/components/mailbox/mailbox-message";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { mailboxEnabled } from "@/lib/mail/mailbox-enabled";
import { listMailbox, type MailboxMessage } from "@/lib/mail/mailbox";
import { firstParam, type SearchParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Local mailbox", robots: { index: false } };

/** Every email the local stack would have sent. Exists only under `npm run dev` with the local stack. */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  if (!mailboxEnabled()) notFound();

  const params = await searchParams;
  const to = firstParam(params.to)?.trim().slice(0, 254) || undefined;

  let messages: MailboxMessage[] = [];
  let unavailable = false;
  try {
    messages = await listMailbox({ to, limit: 50 });
  } catch (e) {
    console.error("[mailbox] could not read local_mailbox.messages:", e);
    unavailable = true;
  }

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b">
        <div className="mx-auto flex h-14 max-w-4xl items-center justify-between gap-4 px-4 sm:px-6">
          <Logo />
          <div className="flex items-center gap-1">
            <Button asChild variant="ghost" size="sm">
              <Link href="/sign-in">Sign in</Link>
            </Button>
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto flex w-full max-w-4xl flex-1 flex-col gap-6 px-4 py-8 sm:px-6">
        <PageHeader
          title={
            <span className="flex flex-wrap items-center gap-2">
              Local mailbox <Badge variant="warning">Development only</Badge>
            </span>
          }
          description="Emails the app would have sent (confirmations, password resets, invitations) land here instead."
          actions={<AutoRefresh />}
        />

        <form method="get" role="search" className="flex flex-col gap-2 sm:flex-row">
          <label htmlFor="mailbox-to" className="sr-only">
            Recipient
          </label>
          <div className="relative flex-1">
            <Search
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
              aria-hidden="true"
            />
            <Input
              id="mailbox-to"
              name="to"
              type="search"
              inputMode="email"
              placeholder="Filter by recipient, e.g. ada@example.com"
              defaultValue={to}
              className="pl-9"
            />
          </div>
          <div className="flex gap-2">
            <Button type="submit" variant="secondary" className="flex-1 sm:flex-none">
              Filter
            </Button>
            {to ? (
              <Button asChild variant="ghost" className="flex-1 sm:flex-none">
                <Link href="/dev/mailbox">
                  <X aria-hidden="true" />
                  Clear
                </Link>
              </Button>
            ) : null}
          </div>
        </form>

        {unavailable ? (
          <Alert variant="error" title="The mailbox can't be read">
            Is the local stack running? Start it with <code className="font-mono">npm run dev</code>.
          </Alert>
        ) : messages.length === 0 ? (
          <EmptyState
            icon={Inbox}
            title={to ? `No emails to addresses matching “${to}”` : "No emails yet"}
            description={
              to
                ? "Check the address, or clear the filter to see every email."
                : "Sign up or ask for a password reset and the email shows up here within seconds."
            }
            action={
              to ? (
                <Button asChild variant="outline">
                  <Link href="/dev/mailbox">Show all emails</Link>
                </Button>
              ) : null
            }
          />
        ) : (
          <section aria-label="Emails" className="flex flex-col gap-4">
            <p className="text-sm text-muted-foreground" aria-live="polite">
              {messages.length === 1 ? "1 email" : `${messages.length} emails`}
              {to ? ` to addresses matching “${to}”` : ""}, newest first.
            </p>
            <ol className="flex flex-col gap-4">
              {messages.map((message, i) => (
                <li key={message.id}>
                  <MailboxMessageCard message={message} expanded={i === 0} />
                </li>
              ))}
            </ol>
          </section>
        )}
      </main>
    </div>
  );
}
