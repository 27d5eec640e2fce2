"use client";

import * as React from "react";

/**
 * Keeps the current tab of a sideways-scrolling tab row in view (on a phone the last tabs, such
 * as "New role", start off-screen). Renders an empty marker inside the row it scrolls.
 */
export function CurrentTabIntoView({ current }: { current: string }) {
  const marker = React.useRef<HTMLSpanElement>(null);
  React.useEffect(() => {
    const row = marker.current?.parentElement;
    const tab = row?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!row || !tab) return;
    const left = tab.offsetLeft - row.offsetLeft;
    if (left < row.scrollLeft || left + tab.offsetWidth > row.scrollLeft + row.clientWidth)
      row.scrollTo({ left: Math.max(0, left - 16) });
  }, [current]);
  return <span ref={marker} hidden />;
}
