"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Pause, Play } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Re-renders the page from the server every few seconds while the tab is visible. */
export function AutoRefresh({ intervalMs = 3000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [live, setLive] = React.useState(true);

  React.useEffect(() => {
    if (!live) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [live, intervalMs, router]);

  return (
    <Button
      variant="outline"
      size="sm"
      aria-pressed={live}
      onClick={() => setLive((v) => !v)}
      title={live ? "Pause auto-refresh" : "Resume auto-refresh"}
    >
      {live ? (
        <>
          <span className="relative flex size-2" aria-hidden="true">
            <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60" />
            <span className="relative inline-flex size-2 rounded-full bg-success" />
          </span>
          Live
          <Pause aria-hidden="true" className="text-muted-foreground" />
        </>
      ) : (
        <>
          <Play aria-hidden="true" />
          Paused
        </>
      )}
      <span className="sr-only">{live ? ": refreshing every few seconds" : ": auto-refresh off"}</span>
    </Button>
  );
}
