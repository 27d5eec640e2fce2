import { ExternalLink } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { MailboxMessage } from "@/lib/mail/mailbox";

/** One captured email: who, what, when, its links as buttons, and its bodies on demand. */
export function MailboxMessageCard({ message, expanded }: { message: MailboxMessage; expanded: boolean }) {
  const headingId = `message-${message.id}`;
  return (
    <Card className="overflow-hidden">
      <article aria-labelledby={headingId} className="flex flex-col gap-4 p-4 sm:p-5">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
          <div className="flex min-w-0 flex-col gap-1">
            <h2 id={headingId} className="text-[15px] leading-snug font-semibold break-words">
              {message.subject}
            </h2>
            <p className="truncate text-sm text-muted-foreground">
              To <span className="font-medium text-foreground">{message.to_address}</span>
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <Badge variant="secondary">{message.kind}</Badge>
            <RelativeTime date={message.created_at} className="text-xs text-muted-foreground" />
          </div>
        </div>

        {message.links.length > 0 ? (
          <ul className="flex flex-wrap gap-2" aria-label="Links in this email">
            {message.links.map((link, i) => (
              <li key={`${link.url}-${i}`} className="max-w-full">
                <Button asChild size="sm" variant={i === 0 ? "default" : "outline"} className="max-w-full">
                  <a href={link.url}>
                    <span className="truncate">{link.label || "Open link"}</span>
                    <ExternalLink aria-hidden="true" />
                  </a>
                </Button>
              </li>
            ))}
          </ul>
        ) : null}

        <details open={expanded} className="group rounded-lg border bg-muted/40">
          <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium outline-none select-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
            Message
          </summary>
          <pre className="max-h-80 overflow-auto border-t px-3 py-3 font-sans text-sm break-words whitespace-pre-wrap text-muted-foreground">
            {message.text_body}
          </pre>
        </details>
        {message.html_body ? (
          <details className="rounded-lg border bg-muted/40">
            <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium outline-none select-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
              HTML version
            </summary>
            {/* sandbox="" : no scripts, no forms, no same-origin access. */}
            <iframe
              title={`HTML version of “${message.subject}”`}
              sandbox=""
              srcDoc={message.html_body}
              className="h-96 w-full border-t bg-white"
            />
          </details>
        ) : null}
      </article>
    </Card>
  );
}
