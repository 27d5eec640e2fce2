"use client";

import * as React from "react";
import Link from "next/link";
import { Inbox as InboxIcon, MessagesSquare } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/select";
import type { CannedReply } from "@/lib/inbox/schemas";
import type { InboxData, InboxSession } from "@/lib/inbox/view";
import { cn } from "@/lib/utils/cn";
import { hrefWithParams } from "@/lib/utils/search-params";
import { Conversation } from "./conversation";
import { StatusBadge, statusLabels, type InboxPermissions } from "./status-badge";
import { useInboxFeed } from "./use-inbox-feed";

export type InboxFilterState = {
  status: "all" | InboxSession["inboxStatus"];
  assignee: "all" | "mine" | "unassigned";
  bot?: string;
  page: number;
};

function time(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/**
 * The team's inbox: filters by status (with counts), assignee and bot; the list and the open
 * conversation scroll on their own, the reply box stays in view. Live: the organization's stream
 * (/api/live) says when a conversation changed and the feed is read again (polled only while the
 * stream is down).
 */
export function Inbox({
  slug,
  initial,
  filters,
  sessionId,
  pageSize,
  bots,
  members,
  cannedReplies,
  permissions,
}: {
  slug: string;
  initial: InboxData;
  filters: InboxFilterState;
  sessionId: string | null;
  pageSize: number;
  bots: { id: string; name: string }[];
  members: { user_id: string; name: string }[];
  cannedReplies: CannedReply[];
  permissions: InboxPermissions;
}) {
  const path = `/o/${slug}/inbox`;
  const params = {
    status: filters.status === "open" ? undefined : filters.status,
    assignee: filters.assignee === "all" ? undefined : filters.assignee,
    bot: filters.bot,
  };
  const pageParams = { ...params, page: filters.page > 1 ? String(filters.page) : undefined };

  const { data, messages, offline, refresh } = useInboxFeed(slug, initial, {
    status: filters.status,
    assignee: filters.assignee,
    bot: filters.bot,
    page: String(filters.page),
    session: sessionId ?? undefined,
  });

  const open = data.open?.session ?? null;
  const pageCount = Math.max(1, Math.ceil(data.total / pageSize));

  return (
    <div className="flex flex-col gap-3">
      <InboxFilterBar
        path={path}
        params={params}
        filters={filters}
        counts={data.counts}
        bots={bots}
        sessionId={sessionId}
      />
      {offline ? (
        <p role="status" className="text-xs text-muted-foreground">
          Not updating: the server cannot be reached. Retrying…
        </p>
      ) : null}
      <div className="grid h-[calc(100dvh-14rem)] min-h-[26rem] gap-3 lg:grid-cols-[17rem_minmax(0,1fr)]">
        <ConversationList
          path={path}
          params={params}
          pageParams={pageParams}
          filters={filters}
          data={data}
          sessionId={sessionId}
          pageCount={pageCount}
        />
        <section
          aria-label="Conversation"
          className={cn(
            "flex min-h-0 min-w-0 flex-col overflow-hidden rounded-xl border",
            !sessionId && "hidden lg:flex",
          )}
        >
          {sessionId && open && data.open ? (
            <Conversation
              slug={slug}
              session={open}
              messages={messages}
              notes={data.open.notes}
              members={members}
              cannedReplies={cannedReplies}
              backHref={hrefWithParams(path, pageParams)}
              permissions={permissions}
              onChanged={refresh}
            />
          ) : (
            <EmptyState
              className="m-3 border-none"
              icon={MessagesSquare}
              title={sessionId ? "Conversation not found" : "Choose a conversation"}
              description={
                sessionId
                  ? "It may have been deleted."
                  : "Its transcript appears here, and you can reply to visitors the bot handed over."
              }
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

type Params = { status?: string; assignee?: string; bot?: string };

function InboxFilterBar({
  path,
  params,
  filters,
  counts: c,
  bots,
  sessionId,
}: {
  path: string;
  params: Params;
  filters: InboxFilterState;
  counts: InboxData["counts"];
  bots: { id: string; name: string }[];
  sessionId: string | null;
}) {
  const tabs = [
    { id: "open", label: "Open", count: c.open },
    { id: "pending", label: "Pending", count: c.pending },
    { id: "snoozed", label: "Snoozed", count: c.snoozed },
    { id: "resolved", label: "Resolved", count: c.resolved },
    { id: "all", label: "All", count: c.open + c.pending + c.snoozed + c.resolved },
  ] as const;
  return (
    <div className="flex flex-col gap-2 lg:flex-row lg:items-center lg:justify-between">
      <nav aria-label="Filter by status" className="flex gap-1 overflow-x-auto">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={hrefWithParams(path, { ...params, status: t.id === "open" ? undefined : t.id })}
            aria-current={filters.status === t.id ? "page" : undefined}
            className={cn(
              "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
              filters.status === t.id
                ? "bg-secondary text-secondary-foreground"
                : "text-muted-foreground hover:bg-accent",
            )}
          >
            {t.label}
            <span className="rounded-full bg-background/60 px-1.5 text-[11px] tabular-nums" data-count={t.id}>
              {t.count}
            </span>
          </Link>
        ))}
      </nav>
      <form method="get" action={path} className="flex flex-wrap items-center gap-2">
        {filters.status !== "open" ? <input type="hidden" name="status" value={filters.status} /> : null}
        {sessionId ? <input type="hidden" name="c" value={sessionId} /> : null}
        <label htmlFor="inbox-assignee" className="text-sm text-muted-foreground">
          Assigned to
        </label>
        <NativeSelect
          id="inbox-assignee"
          name="assignee"
          defaultValue={filters.assignee}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
          className="h-8 w-auto"
        >
          <option value="all">Anyone</option>
          <option value="mine">Me</option>
          <option value="unassigned">Nobody</option>
        </NativeSelect>
        {bots.length > 1 ? (
          <>
            <label htmlFor="inbox-bot" className="text-sm text-muted-foreground">
              Bot
            </label>
            <NativeSelect
              id="inbox-bot"
              name="bot"
              defaultValue={filters.bot ?? ""}
              onChange={(event) => event.currentTarget.form?.requestSubmit()}
              className="h-8 w-auto"
            >
              <option value="">All bots</option>
              {bots.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </NativeSelect>
          </>
        ) : null}
        <noscript>
          <Button type="submit" size="sm" variant="outline">
            Filter
          </Button>
        </noscript>
      </form>
    </div>
  );
}

function ConversationList({
  path,
  params,
  pageParams,
  filters,
  data,
  sessionId,
  pageCount,
}: {
  path: string;
  params: Params;
  pageParams: Params & { page?: string };
  filters: InboxFilterState;
  data: InboxData;
  sessionId: string | null;
  pageCount: number;
}) {
  return (
    <section
      aria-label="Conversations"
      className={cn(
        "flex min-h-0 min-w-0 flex-col overflow-hidden rounded-xl border",
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
        <ul className="min-h-0 flex-1 divide-y overflow-y-auto" aria-live="polite">
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
                    {s.lastMessageRole === "agent" ? "Team: " : ""}
                    {s.lastMessage ?? "No messages"}
                  </span>
                  <StatusBadge status={s.inboxStatus} />
                </span>
                <span className="truncate text-[11px] text-muted-foreground">
                  {s.botName} · {s.assigneeName ? `Assigned to ${s.assigneeName}` : "Unassigned"}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <ListPager path={path} params={params} page={filters.page} pageCount={pageCount} />
    </section>
  );
}

function ListPager({
  path,
  params,
  page,
  pageCount,
}: {
  path: string;
  params: Params;
  page: number;
  pageCount: number;
}) {
  if (pageCount <= 1 && page <= 1) return null;
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-2 border-t px-3 py-2 text-xs"
    >
      <span className="text-muted-foreground">
        Page {page} of {pageCount}
      </span>
      <span className="flex gap-1">
        <PageLink
          href={
            page > 1
              ? hrefWithParams(path, {
                  ...params,
                  page: page > 2 ? String(page - 1) : undefined,
                })
              : null
          }
        >
          Previous
        </PageLink>
        <PageLink
          href={page < pageCount ? hrefWithParams(path, { ...params, page: String(page + 1) }) : null}
        >
          Next
        </PageLink>
      </span>
    </nav>
  );
}
