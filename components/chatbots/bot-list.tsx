import Link from "next/link";
import { BookOpen, MessagesSquare } from "lucide-react";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BotSummary } from "@/lib/chatbots/bots";
import { BotStatusBadge } from "./bot-header";

/** The organization's bots: status, knowledge, conversations and hand-offs waiting. */
export function BotList({ slug, bots }: { slug: string; bots: readonly BotSummary[] }) {
  return (
    <div className="overflow-hidden rounded-xl border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Bot</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden sm:table-cell">Knowledge</TableHead>
            <TableHead className="hidden sm:table-cell">Conversations</TableHead>
            <TableHead className="hidden md:table-cell">Last conversation</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {bots.map((bot) => (
            <TableRow key={bot.id}>
              <TableCell>
                <Link
                  href={`/o/${slug}/bots/${bot.id}`}
                  className="font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  {bot.name}
                </Link>
                {bot.description ? (
                  <p className="line-clamp-1 max-w-md text-xs text-muted-foreground">{bot.description}</p>
                ) : null}
              </TableCell>
              <TableCell>
                <BotStatusBadge status={bot.status} />
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <span className="inline-flex items-center gap-1.5 text-sm text-muted-foreground">
                  <BookOpen className="size-3.5" aria-hidden="true" />
                  {bot.document_count} document{bot.document_count === 1 ? "" : "s"}
                </span>
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <span className="inline-flex items-center gap-1.5 text-sm text-muted-foreground">
                  <MessagesSquare className="size-3.5" aria-hidden="true" />
                  {bot.conversation_count}
                  {bot.handed_off_count > 0 ? (
                    <Link
                      href={`/o/${slug}/inbox?status=handed_off&bot=${bot.id}`}
                      className="text-primary hover:underline"
                    >
                      ({bot.handed_off_count} waiting for a person)
                    </Link>
                  ) : null}
                </span>
              </TableCell>
              <TableCell className="hidden text-sm text-muted-foreground md:table-cell">
                {bot.last_conversation_at ? <RelativeTime date={bot.last_conversation_at} /> : "None yet"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
