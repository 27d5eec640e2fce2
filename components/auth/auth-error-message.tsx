"use client";

import * as React from "react";
import { Alert } from "@/components/ui/alert";
import { authRedirectErrorMessage } from "@/lib/auth/messages";

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/**
 * The auth error, refined from the URL fragment when there is one: in the implicit flow the auth
 * server reports errors as `#error=…&error_code=…`, which never reaches the server.
 */
export function AuthErrorMessage({ serverMessage }: { serverMessage: string }) {
  const hash = React.useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => "",
  );
  const fromHash = new URLSearchParams(hash.replace(/^#/, ""));
  const message =
    fromHash.has("error_code") || fromHash.has("error")
      ? authRedirectErrorMessage({ error_code: fromHash.get("error_code"), error: fromHash.get("error") })
      : serverMessage;
  return <Alert variant="error">{message}</Alert>;
}
