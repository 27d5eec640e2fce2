"use client";

import * as React from "react";
import Link from "next/link";
import { ArrowLeft, Flag, Headset, Inbox as InboxIcon, MessagesSquare, Send, XCircle } from "lucide-react";
import { toast } from "sonner";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Textarea } from "@/components/ui/textarea";
import { callAction } from "@/components/workflows/call-action";
import { closeSessionAction, handOffAction, replyAction } from "@/lib/chatbots/console-actions";
import type { InboxData, InboxMessage, InboxSession } from "@/lib/chatbots/console-inbox";
import { cn } from "@/lib/utils/cn";
import { hrefWithParams } from "@/lib/utils/search-params";
import { Transcript } from "./transcript";

const POLL_MS = 2000;

export type InboxFilterState = {
  status: "all" | "active" | "handed_off" | "closed";
  bot?: string;
  page: number;
};

const statusLabels = { active: "Active", handed_off: "Handed off", closed: "Closed" } as const;

function StatusBadge({ status }: { status: InboxSession["status"] }) {
  return (
    <Badge variant={status === "handed_off" ? "warning" : status === "active" ? "default" : "secondary"}>
      {statusLabels[status]}
    </Badge>
  );
}

function time(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/**
 * The conversations inbox: filters by status (with counts) and bot, the list, and the open
 * conversation's transcript, all kept live by polling the feed every 2 s. A member who may write
 * conversations replies as an agent (taking the conversation over from the bot) and closes it.
 */
export function Inbox({
  slug,
  initial,
  filters,
  sessionId,
  pageSize,
  bots,
  permissions,
}: {
  slug: string;
  initial: InboxData;
  filters: InboxFilterState;
  sessionId: string | null;
  pageSize: number;
  bots: { id: string; name: string }[];
  permissions: { reply: boolean; update: boolean };
}) {
  const [data, setData] = React.useState(initial);
  const [messages, setMessages] = React.useState<InboxMessage[]>(initial.open?.messages ?? []);
  const [offline, setOffline] = React.useState(false);
  const lastSeq = React.useRef(initial.open?.messages.at(-1)?.seq ?? 0);
  const path = `/o/${slug}/inbox`;
  const params = { status: filters.status === "all" ? undefined : filters.status, bot: filters.bot };
  const pageParams = { ...params, page: filters.page > 1 ? String(filters.page) : undefined };

  const poll = React.useCallback(async () => {
    const url = hrefWithParams(`${path}/feed`, {
      status: filters.status,
      bot: filters.bot,
      page: String(filters.page),
      session: sessionId ?? undefined,
      after: String(lastSeq.current),
    });
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const next = (await response.json()) as InboxData;
      setOffline(false);
      setData(next);
      if (next.open && next.open.messages.length > 0) {
        lastSeq.current = Math.max(lastSeq.current, next.open.messages.at(-1)!.seq);
        setMessages((current) => {
          const seen = new Set(current.map((m) => m.id));
          return [...current, ...next.open!.messages.filter((m) => !seen.has(m.id))];
        });
      }
    } catch {
      setOffline(true);
    }
  }, [path, filters.status, filters.bot, filters.page, sessionId]);

  React.useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const loop = async () => {
      if (!document.hidden) await poll();
      if (!stopped) timer = setTimeout(loop, POLL_MS);
    };
    timer = setTimeout(loop, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poll]);

  const open = data.open?.session ?? null;
  const tabs = [
    { id: "all", label: "All", count: data.counts.active + data.counts.handed_off + data.counts.closed },
    { id: "active", label: "Active", count: data.counts.active },
    { id: "handed_off", label: "Handed off", count: data.counts.handed_off },
    { id: "closed", label: "Closed", count: data.counts.closed },
  ] as const;
  const pageCount = Math.max(1, Math.ceil(data.total / pageSize));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <nav aria-label="Filter by status" className="flex gap-1 overflow-x-auto">
          {tabs.map((t) => (
            <Link
              key={t.id}
              href={hrefWithParams(path, { ...params, status: t.id === "all" ? undefined : t.id })}
              aria-current={filters.status === t.id ? "page" : undefined}
              className={cn(
                "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                filters.status === t.id
                  ? "bg-secondary text-secondary-foreground"
                  : "text-muted-foreground hover:bg-accent",
              )}
            >
              {t.label}
              <span
                className="rounded-full bg-background/60 px-1.5 text-[11px] tabular-nums"
                data-count={t.id}
              >
                {t.count}
              </span>
            </Link>
          ))}
        </nav>
        {bots.length > 1 ? (
          <form method="get" action={path} className="flex items-center gap-2">
            {filters.status !== "all" ? <input type="hidden" name="status" value={filters.status} /> : null}
            <label htmlFor="inbox-bot" className="text-sm text-muted-foreground">
              Bot
            </label>
            <select
              id="inbox-bot"
              name="bot"
              defaultValue={filters.bot ?? ""}
              onChange={(event) => event.currentTarget.form?.requestSubmit()}
              className="h-8 rounded-md border bg-background px-2 text-sm"
            >
              <option value="">All bots</option>
              {bots.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <noscript>
              <Button type="submit" size="sm" variant="outline">
                Filter
              </Button>
            </noscript>
          </form>
        ) : null}
      </div>
      {offline ? (
        <p role="status" className="text-xs text-muted-foreground">
          Not updating: the server cannot be reached. Retrying…
        </p>
      ) : null}
      <div className="grid min-h-[32rem] gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <section
          aria-label="Conversations"
          className={cn(
            "flex min-w-0 flex-col overflow-hidden rounded-xl border",
            sessionId && "hidden lg:flex",
          )}
        >
          {data.sessions.length === 0 ? (
            <EmptyState
              icon={InboxIcon}
              className="m-3 border-none"
              title={
                filters.status === "all"
                  ? "No conversations yet"
                  : `No ${statusLabels[filters.status].toLowerCase()} conversations`
              }
              description="Conversations visitors have with your bots on your website appear here as they happen."
            />
          ) : (
            <ul className="flex-1 divide-y overflow-y-auto" aria-live="polite">
              {data.sessions.map((s) => (
                <li key={s.id}>
                  <Link
                    href={hrefWithParams(path, { ...pageParams, c: s.id })}
                    aria-current={s.id === sessionId ? "true" : undefined}
                    data-session-id={s.id}
                    className={cn(
                      "flex flex-col gap-1 px-3 py-2.5 text-sm outline-none hover:bg-accent/50 focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset",
                      s.id === sessionId && "bg-accent",
                    )}
                  >
                    <span className="flex items-center gap-2">
                      <span className="min-w-0 flex-1 truncate font-medium">{s.contact}</span>
                      <time dateTime={s.lastMessageAt} className="shrink-0 text-xs text-muted-foreground">
                        {time(s.lastMessageAt)}
                      </time>
                    </span>
                    <span className="flex items-center gap-2">
                      <span className="min-w-0 flex-1 truncate text-[13px] text-muted-foreground">
                        {s.lastMessageRole === "agent" ? "You: " : ""}
                        {s.lastMessage ?? "No messages"}
                      </span>
                      <StatusBadge status={s.status} />
                    </span>
                    <span className="text-[11px] text-muted-foreground">{s.botName}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {pageCount > 1 || filters.page > 1 ? (
            <nav
              aria-label="Pagination"
              className="flex items-center justify-between gap-2 border-t px-3 py-2 text-xs"
            >
              <span className="text-muted-foreground">
                Page {filters.page} of {pageCount}
              </span>
              <span className="flex gap-1">
                <PageLink
                  href={
                    filters.page > 1
                      ? hrefWithParams(path, {
                          ...params,
                          page: filters.page > 2 ? String(filters.page - 1) : undefined,
                        })
                      : null
                  }
                >
                  Previous
                </PageLink>
                <PageLink
                  href={
                    filters.page < pageCount
                      ? hrefWithParams(path, { ...params, page: String(filters.page + 1) })
                      : null
                  }
                >
                  Next
                </PageLink>
              </span>
            </nav>
          ) : null}
        </section>
        <section
          aria-label="Conversation"
          className={cn(
            "flex min-h-[32rem] min-w-0 flex-col overflow-hidden rounded-xl border",
            !sessionId && "hidden lg:flex",
          )}
        >
          {sessionId && open ? (
            <Conversation
              slug={slug}
              session={open}
              messages={messages}
              backHref={hrefWithParams(path, pageParams)}
              permissions={permissions}
              onChanged={() => void poll()}
            />
          ) : sessionId ? (
            <EmptyState
              className="m-3 border-none"
              icon={MessagesSquare}
              title="Conversation not found"
              description="It may have been deleted."
            />
          ) : (
            <EmptyState
              className="m-3 border-none"
              icon={MessagesSquare}
              title="Choose a conversation"
              description="Its transcript appears here, and you can reply to visitors the bot handed over."
            />
          )}
        </section>
      </div>
    </div>
  );
}

function PageLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  return href ? (
    <Button asChild variant="outline" size="sm">
      <Link href={href}>{children}</Link>
    </Button>
  ) : (
    <Button variant="outline" size="sm" disabled>
      {children}
    </Button>
  );
}

function Conversation({
  slug,
  session,
  messages,
  backHref,
  permissions,
  onChanged,
}: {
  slug: string;
  session: InboxSession;
  messages: InboxMessage[];
  backHref: string;
  permissions: { reply: boolean; update: boolean };
  onChanged: () => void;
}) {
  const [text, setText] = React.useState("");
  const [sending, setSending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const closed = session.status === "closed";

  async function reply(event: React.FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setError("Write a reply first.");
    setSending(true);
    setError(null);
    const result = await callAction(replyAction, { organization: slug, session_id: session.id, text }).catch(
      () => null,
    );
    setSending(false);
    if (!result || !result.ok)
      return setError(result ? result.error.message : "Could not reach the server. Try again.");
    setText("");
    onChanged();
  }

  async function takeOver() {
    const result = await callAction(handOffAction, { organization: slug, session_id: session.id }).catch(
      () => null,
    );
    if (!result || !result.ok)
      return void toast.error(result ? result.error.message : "Could not reach the server.");
    toast.success(result.message ?? "Taken over.");
    onChanged();
  }

  return (
    <>
      <header className="flex flex-wrap items-center gap-2 border-b px-3 py-2">
        <Button asChild variant="ghost" size="icon-sm" className="lg:hidden">
          <Link href={backHref} aria-label="Back to conversations">
            <ArrowLeft aria-hidden="true" />
          </Link>
        </Button>
        <div className="mr-auto min-w-0">
          <h2 className="truncate text-sm font-semibold">{session.contact}</h2>
          <p className="text-xs text-muted-foreground">
            {session.botName} · started {new Date(session.startedAt).toLocaleString()}
          </p>
        </div>
        <StatusBadge status={session.status} />
        {session.goalReached ? (
          <Badge variant="success">
            <Flag aria-hidden="true" />
            Goal reached
          </Badge>
        ) : null}
        {permissions.update && session.status === "active" ? (
          <Button variant="outline" size="sm" onClick={() => void takeOver()}>
            <Headset aria-hidden="true" />
            Take over
          </Button>
        ) : null}
        {permissions.update && !closed ? (
          <ActionDialogButton
            trigger={{
              variant: "outline",
              size: "sm",
              children: (
                <>
                  <XCircle aria-hidden="true" />
                  Close…
                </>
              ),
            }}
            title="Close this conversation?"
            description="The visitor can no longer write in it; they start a new conversation from the website."
            action={closeSessionAction}
            fields={{ organization: slug, session_id: session.id }}
            submitLabel="Close conversation"
            pendingLabel="Closing…"
            onSuccess={onChanged}
          />
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto" data-transcript="">
        <Transcript messages={messages} />
      </div>
      {closed ? (
        <p className="border-t px-3 py-2 text-sm text-muted-foreground">This conversation is closed.</p>
      ) : permissions.reply ? (
        <form onSubmit={(e) => void reply(e)} className="flex flex-col gap-2 border-t p-3" noValidate>
          {session.status === "active" ? (
            <p className="text-xs text-muted-foreground">
              The bot is still answering. Replying takes the conversation over.
            </p>
          ) : null}
          <label htmlFor="agent-reply" className="sr-only">
            Reply to the visitor
          </label>
          <div className="flex items-end gap-2">
            <Textarea
              id="agent-reply"
              value={text}
              rows={2}
              maxLength={4000}
              placeholder="Reply to the visitor…"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "agent-reply-error" : undefined}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void reply(event);
              }}
              className="min-h-16"
            />
            <Button type="submit" disabled={sending}>
              <Send aria-hidden="true" />
              {sending ? "Sending…" : "Send"}
            </Button>
          </div>
          {error ? (
            <p id="agent-reply-error" role="alert" className="text-[13px] font-medium text-destructive">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="border-t px-3 py-2 text-sm text-muted-foreground">
          Your role can read conversations but not reply.
        </p>
      )}
    </>
  );
}
