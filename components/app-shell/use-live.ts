"use client";

import * as React from "react";

/**
 * The organization's live stream (/api/live, server-sent events), one EventSource per tab and
 * organization, shared by everything that listens (the bell, the inbox). A listener is called on
 * its event (`bell`, `inbox`) and on `ready`, which the server sends once it listens (again after
 * every reconnect): re-reading then is what makes sure no change is missed. EventSource reconnects
 * by itself; while it is down, `onDown` lets the caller fall back to polling.
 */

type Listener = { event: string; onChange: () => void; onDown?: (down: boolean) => void };
type Shared = { source: EventSource; listeners: Set<Listener>; down: boolean };

const shared = new Map<string, Shared>();

function open(slug: string): Shared {
  const existing = shared.get(slug);
  if (existing) return existing;
  const source = new EventSource(`/api/live?organization=${encodeURIComponent(slug)}`);
  const entry: Shared = { source, listeners: new Set(), down: false };
  const setDown = (down: boolean) => {
    if (entry.down === down) return;
    entry.down = down;
    for (const l of entry.listeners) l.onDown?.(down);
  };
  source.addEventListener("ready", () => {
    setDown(false);
    for (const l of entry.listeners) l.onChange();
  });
  for (const event of ["bell", "inbox"])
    source.addEventListener(event, () => {
      for (const l of entry.listeners) if (l.event === event) l.onChange();
    });
  source.addEventListener("error", () => setDown(true));
  shared.set(slug, entry);
  return entry;
}

export function useLive(
  slug: string,
  event: "bell" | "inbox",
  onChange: () => void,
  onDown?: (down: boolean) => void,
) {
  const onChangeRef = React.useRef(onChange);
  const onDownRef = React.useRef(onDown);
  React.useEffect(() => {
    onChangeRef.current = onChange;
    onDownRef.current = onDown;
  });
  React.useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const entry = open(slug);
    const listener: Listener = {
      event,
      onChange: () => onChangeRef.current(),
      onDown: (down) => onDownRef.current?.(down),
    };
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0) {
        entry.source.close();
        shared.delete(slug);
      }
    };
  }, [slug, event]);
}
