"use client";

import * as React from "react";

/** Whether `query` matches now, following changes; `serverValue` while rendering on the server. */
export function useMediaQuery(query: string, serverValue: boolean): boolean {
  const subscribe = React.useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return React.useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => serverValue,
  );
}
