"use client";

import * as React from "react";
import { FULL_BLEED_ATTRIBUTE as ATTRIBUTE, FULL_BLEED_SCRIPT as SET_ATTRIBUTE } from "./full-bleed-script";
let holders = 0;
const subscribeToNothing = () => () => {};

/**
 * Gives the page the whole window under the app header: no page margins, and the organization's
 * section nav steps aside (the builder has its own way back); see app/globals.css. Set on <html>
 * rather than found with `:has()`, which made every style recalculation of a large canvas slower.
 * The inline script sets it while the server's HTML is parsed, before the first paint (allowed by
 * its hash in the Content-Security-Policy, see proxy.ts); the layout effect does on client
 * navigation, and takes it away on leaving.
 */
export function FullBleed() {
  React.useLayoutEffect(() => {
    holders += 1;
    document.documentElement.setAttribute(ATTRIBUTE, "");
    return () => {
      holders -= 1;
      if (holders === 0) document.documentElement.removeAttribute(ATTRIBUTE);
    };
  }, []);
  // True on the server and while hydrating its HTML; false when rendered on the client, where React
  // would warn about a script it never runs.
  const fromServer = React.useSyncExternalStore(
    subscribeToNothing,
    () => false,
    () => true,
  );
  return fromServer ? <script dangerouslySetInnerHTML={{ __html: SET_ATTRIBUTE }} /> : null;
}
