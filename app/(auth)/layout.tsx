import Link from "next/link";
import { connection } from "next/server";
import { Inbox } from "lucide-react";
import { Logo } from "@/components/brand/logo";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { textLinkClasses } from "@/components/ui/text-link";
import { mailboxEnabled } from "@/lib/mail/mailbox-enabled";
import { cn } from "@/lib/utils/cn";

/** Sign-in, sign-up and password pages: one centred card on a quiet background. */
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request: whether the local stack is in use is known at run time, not build time.
  await connection();
  const local = mailboxEnabled();
  return (
    <div className="relative flex min-h-dvh flex-col bg-muted/40">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 top-0 -z-0 h-64 bg-gradient-to-b from-primary/10 to-transparent"
      />
      <header className="relative flex h-14 items-center justify-between px-4 sm:px-6">
        <Logo />
        <ThemeToggle />
      </header>
      <main
        id="main"
        className="relative flex flex-1 items-start justify-center px-4 pt-6 pb-12 sm:items-center sm:pt-0"
      >
        <div className="w-full max-w-[400px]">{children}</div>
      </main>
      <footer className="relative flex flex-wrap items-center justify-center gap-x-4 gap-y-2 px-4 pb-6 text-xs text-muted-foreground">
        <span>&copy; {new Date().getFullYear()} Orgflow</span>
        {local ? (
          <Link
            href="/dev/mailbox"
            className={cn(
              textLinkClasses,
              "inline-flex items-center gap-1.5 font-normal text-muted-foreground hover:text-foreground",
            )}
          >
            <Inbox className="size-3.5" aria-hidden="true" />
            Local mailbox
          </Link>
        ) : null}
      </footer>
    </div>
  );
}
