"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Bell, BellOff, Check, CheckCheck, LoaderCircle } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { callAction } from "@/components/workflows/call-action";
import { useLive } from "./use-live";
import { notificationHref } from "@/lib/executions/format";
import { markAllNotificationsReadAction, markNotificationReadAction } from "@/lib/notifications/actions";
import { slugFromPath } from "@/lib/organizations/navigation";
import { cn } from "@/lib/utils/cn";
import { formatRelativeTime } from "@/lib/utils/time";

type Item = {
  id: string;
  title: string;
  message: string;
  priority: "low" | "medium" | "high" | "urgent";
  link: string | null;
  execution_id: string | null;
  read_at: string | null;
  created_at: string;
};

type Loaded = { unread: number; notifications: Item[] };

/** Only while the live stream is down (it tells the bell about every change). */
const POLL_MS = 20_000;

/**
 * The bell in the top bar, inside an organization: how many of my notifications there are unread,
 * and a menu of the latest ones (workflow "Notify team" steps, quota warnings) with their links.
 * Opening one marks it read; each can be marked read on its own, or all at once. Live: the
 * organization's stream (/api/live) says when to read again (a visitor waiting for a person shows
 * at once); also on navigation and when the tab comes back into view, and every 20 s while the
 * stream is down and the tab visible.
 */
export function NotificationsBell() {
  const slug = slugFromPath(usePathname());
  if (!slug) return null;
  return <OrganizationBell key={slug} slug={slug} />;
}

function OrganizationBell({ slug }: { slug: string }) {
  const pathname = usePathname();
  const [data, setData] = React.useState<Loaded | null>(null);
  const [error, setError] = React.useState(false);
  const [open, setOpen] = React.useState(false);
  const loading = React.useRef(false);
  const loadAgain = React.useRef(false);
  /**
   * Bumped by every local change (marking read): a list fetched before it is stale, so it is
   * dropped and fetched again rather than bringing back an unread dot the user just cleared.
   */
  const changes = React.useRef(0);

  const load = React.useCallback(async () => {
    if (loading.current) {
      loadAgain.current = true;
      return;
    }
    loading.current = true;
    try {
      for (;;) {
        loadAgain.current = false;
        const seen = changes.current;
        try {
          const res = await fetch(`/api/notifications?organization=${encodeURIComponent(slug)}`, {
            cache: "no-store",
          });
          if (!res.ok) throw new Error(String(res.status));
          const next = (await res.json()) as Loaded;
          if (seen !== changes.current) loadAgain.current = true;
          else {
            setData(next);
            setError(false);
          }
        } catch {
          setError(true);
        }
        if (!loadAgain.current) break;
      }
    } finally {
      loading.current = false;
    }
  }, [slug]);

  // On mount and after each navigation (a run page opened from a notification, a new run …).
  React.useEffect(() => {
    const timer = window.setTimeout(() => void load(), 0);
    return () => window.clearTimeout(timer);
  }, [load, pathname]);

  const [liveDown, setLiveDown] = React.useState(false);
  useLive(slug, "bell", () => void load(), setLiveDown);

  // Every 20 s while the live stream is down and the tab visible; a hidden tab catches up on return.
  React.useEffect(() => {
    let timer: number | undefined;
    const sync = () => {
      window.clearInterval(timer);
      timer = undefined;
      if (document.visibilityState !== "visible" || !liveDown) return;
      timer = window.setInterval(() => void load(), POLL_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") void load();
      sync();
    };
    sync();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [load, liveDown]);

  const markRead = async (id: string) => {
    changes.current++;
    setData((d) =>
      d
        ? {
            unread: Math.max(0, d.unread - (d.notifications.find((n) => n.id === id && !n.read_at) ? 1 : 0)),
            notifications: d.notifications.map((n) =>
              n.id === id ? { ...n, read_at: n.read_at ?? new Date().toISOString() } : n,
            ),
          }
        : d,
    );
    const result = await callAction(markNotificationReadAction, { organization: slug, id });
    changes.current++;
    if (!result.ok) toast.error(result.error.message);
    void load();
  };

  const markAll = async () => {
    // Up to the newest one shown: one that arrived since stays unread.
    const until = data?.notifications[0]?.created_at ?? "";
    changes.current++;
    const before = data;
    setData((d) =>
      d
        ? {
            unread: 0,
            notifications: d.notifications.map((n) => ({
              ...n,
              read_at: n.read_at ?? new Date().toISOString(),
            })),
          }
        : d,
    );
    const result = await callAction(markAllNotificationsReadAction, { organization: slug, until });
    changes.current++;
    if (!result.ok) {
      toast.error(result.error.message);
      setData(before);
    }
    void load();
  };

  const unread = data?.unread ?? 0;
  const label = unread ? `Notifications: ${unread > 99 ? "more than 99" : unread} unread` : "Notifications";

  return (
    <DropdownMenu
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void load();
      }}
    >
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" className="relative" aria-label={label} data-unread={unread}>
          <Bell aria-hidden="true" />
          {unread > 0 ? (
            <span
              aria-hidden="true"
              className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-none font-semibold text-white"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-[22rem] max-w-[calc(100vw-1rem)] p-0">
        <div className="flex items-center justify-between gap-2 px-3 pt-2 pb-1">
          <DropdownMenuLabel className="px-0 text-sm font-semibold text-foreground">
            Notifications
          </DropdownMenuLabel>
          {unread > 0 ? (
            <DropdownMenuItem
              className="h-7 px-2 text-xs"
              onSelect={(event) => {
                event.preventDefault();
                void markAll();
              }}
            >
              <CheckCheck aria-hidden="true" />
              Mark all read
            </DropdownMenuItem>
          ) : null}
        </div>
        <DropdownMenuSeparator className="mx-0 my-0" />
        <div className="max-h-[min(28rem,70dvh)] overflow-y-auto p-1">
          {!data && !error ? (
            <p className="flex items-center gap-2 px-2 py-6 text-sm text-muted-foreground" role="status">
              <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
              Loading…
            </p>
          ) : error && !data ? (
            <div className="flex flex-col items-start gap-2 px-2 py-4 text-sm">
              <p className="text-destructive">Notifications could not be loaded.</p>
              <DropdownMenuItem
                onSelect={(event) => {
                  event.preventDefault();
                  void load();
                }}
              >
                Try again
              </DropdownMenuItem>
            </div>
          ) : data && data.notifications.length === 0 ? (
            <div className="flex flex-col items-center gap-2 px-4 py-8 text-center text-sm text-muted-foreground">
              <BellOff className="size-5" aria-hidden="true" />
              Nothing yet. Workflows that notify your team show up here.
            </div>
          ) : (
            <ul aria-label="Latest notifications" className="flex flex-col gap-0.5">
              {data!.notifications.map((n) => {
                const target = notificationHref(n.link, n.execution_id, slug);
                const body = (
                  <span className="flex min-w-0 flex-1 flex-col gap-0.5">
                    <span className="flex items-center gap-1.5">
                      {!n.read_at ? (
                        <span className="size-2 shrink-0 rounded-full bg-primary" aria-hidden="true" />
                      ) : null}
                      <span
                        className={cn(
                          "truncate text-sm",
                          n.read_at ? "text-muted-foreground" : "font-medium text-foreground",
                        )}
                      >
                        {n.title}
                      </span>
                      {n.priority === "high" || n.priority === "urgent" ? (
                        <span className="shrink-0 rounded bg-destructive/10 px-1 text-[10px] font-medium text-destructive uppercase">
                          {n.priority}
                        </span>
                      ) : null}
                    </span>
                    {n.message ? (
                      <span className="line-clamp-2 text-xs text-muted-foreground">{n.message}</span>
                    ) : null}
                    <time dateTime={n.created_at} className="text-[11px] text-muted-foreground">
                      {formatRelativeTime(new Date(n.created_at))}
                      {!n.read_at ? <span className="sr-only"> (unread)</span> : null}
                    </time>
                  </span>
                );
                return (
                  <li key={n.id} className="flex items-start gap-1" data-notification={n.id}>
                    {target ? (
                      <DropdownMenuItem asChild className="min-w-0 flex-1 items-start">
                        {target.external ? (
                          <a
                            href={target.href}
                            target="_blank"
                            rel="noopener noreferrer"
                            onClick={() => !n.read_at && void markRead(n.id)}
                          >
                            {body}
                          </a>
                        ) : (
                          <Link href={target.href} onClick={() => !n.read_at && void markRead(n.id)}>
                            {body}
                          </Link>
                        )}
                      </DropdownMenuItem>
                    ) : (
                      <DropdownMenuItem
                        className="min-w-0 flex-1 items-start"
                        onSelect={(event) => {
                          event.preventDefault();
                          if (!n.read_at) void markRead(n.id);
                        }}
                      >
                        {body}
                      </DropdownMenuItem>
                    )}
                    {!n.read_at ? (
                      <DropdownMenuItem
                        aria-label={`Mark “${n.title}” read`}
                        title="Mark read"
                        className="mt-1 size-7 shrink-0 justify-center p-0"
                        onSelect={(event) => {
                          event.preventDefault();
                          void markRead(n.id);
                        }}
                      >
                        <Check aria-hidden="true" />
                      </DropdownMenuItem>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
