"use client";

import * as React from "react";
import { timeZoneGroups, type TimeZoneGroup } from "@/lib/utils/time-zones";

/** The <optgroup>s of a time-zone <select>, one per region (lib/utils/time-zones.ts). */
export function TimeZoneOptions({ groups }: { groups: TimeZoneGroup[] }) {
  return groups.map((group) => (
    <optgroup key={group.region} label={group.region}>
      {group.zones.map((zone) => (
        <option key={zone.value} value={zone.value}>
          {zone.label}
        </option>
      ))}
    </optgroup>
  ));
}

const subscribeNever = () => () => {};

/**
 * The time-zone list is built in the browser, not sent with the page: ~420 zones with their
 * offsets were a third of a page's HTML and payload, and building them during hydration delays the
 * moment the page answers typing. The server (and the first paint) lists the saved zone alone; the
 * whole list replaces it once the page is interactive (`complete`).
 */
export function useTimeZoneGroups(saved: string): { groups: TimeZoneGroup[] | null; complete: boolean } {
  const inBrowser = React.useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  const groups = React.useMemo(() => (inBrowser ? timeZoneGroups(saved) : null), [inBrowser, saved]);
  return { groups, complete: inBrowser };
}
