"use client";

import * as React from "react";
import { toast } from "sonner";

/**
 * Sends a picture upload (POST multipart) or removal (DELETE) to `path` and keeps the busy flag
 * and the error to show: the server's message when it refused, a plain one when offline. Resolves
 * to the answer's JSON (true for 204), or undefined when it failed.
 */
export function usePictureUpload(path: string, onDone?: () => void) {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  async function send(init: RequestInit, success: string): Promise<unknown> {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(path, init);
      const body = res.status === 204 ? null : ((await res.json().catch(() => null)) as unknown);
      if (!res.ok) {
        const message = (body as { error?: { message?: string } } | null)?.error?.message;
        setError(message ?? "The picture could not be saved. Try again.");
        return undefined;
      }
      toast.success(success);
      onDone?.();
      return body ?? true;
    } catch {
      setError("The picture could not be saved. Check your connection and try again.");
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, send };
}
