"use client";

import * as React from "react";
import { useLive } from "@/components/app-shell/use-live";
import type { InboxData, InboxMessage } from "@/lib/inbox/view";
import { hrefWithParams } from "@/lib/utils/search-params";

/** Only while the live stream is down (it says when anything changed). */
const FALLBACK_POLL_MS = 5000;

/**
 * The inbox's data, kept live: read again whenever the organization's stream says a conversation
 * changed (and on its `ready`, so nothing between the first render and listening is missed), and
 * polled only while the stream is down. One read at a time; a change during a read reads again
 * after it, so a late answer never overwrites a newer one. Messages of the open conversation are
 * fetched after the last one seen and appended.
 */
export function useInboxFeed(
  slug: string,
  initial: InboxData,
  query: Record<string, string | undefined>,
): { data: InboxData; messages: InboxMessage[]; offline: boolean; refresh: () => void } {
  const [data, setData] = React.useState(initial);
  const [messages, setMessages] = React.useState<InboxMessage[]>(initial.open?.messages ?? []);
  const [offline, setOffline] = React.useState(false);
  const [liveDown, setLiveDown] = React.useState(false);
  const lastSeq = React.useRef(initial.open?.messages.at(-1)?.seq ?? 0);
  const reading = React.useRef(false);
  const again = React.useRef(false);
  const feed = hrefWithParams(`/o/${slug}/inbox/feed`, query);

  const readOnce = React.useCallback(async () => {
    const response = await fetch(`${feed}${feed.includes("?") ? "&" : "?"}after=${lastSeq.current}`, {
      cache: "no-store",
    });
    if (!response.ok) throw new Error(String(response.status));
    const next = (await response.json()) as InboxData;
    setData(next);
    const fresh = next.open?.messages ?? [];
    if (fresh.length > 0) {
      lastSeq.current = Math.max(lastSeq.current, fresh.at(-1)!.seq);
      setMessages((current) => {
        const seen = new Set(current.map((m) => m.id));
        return [...current, ...fresh.filter((m) => !seen.has(m.id))];
      });
    }
  }, [feed]);

  const refresh = React.useCallback(async () => {
    if (reading.current) {
      again.current = true;
      return;
    }
    reading.current = true;
    try {
      do {
        again.current = false;
        try {
          await readOnce();
          setOffline(false);
        } catch {
          setOffline(true);
        }
      } while (again.current);
    } finally {
      reading.current = false;
    }
  }, [readOnce]);

  useLive(slug, "inbox", () => void refresh(), setLiveDown);

  React.useEffect(() => {
    if (!liveDown) return;
    const timer = setInterval(() => {
      if (!document.hidden) void refresh();
    }, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, liveDown]);

  return { data, messages, offline, refresh: () => void refresh() };
}
