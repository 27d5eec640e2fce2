"use client";

import * as React from "react";
import Link from "next/link";
import { RefreshCw, TriangleExclamationPoint } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** What an error boundary shows: a plain explanation, the log reference, a retry. */
export function ErrorView({
  error,
  retry,
  home,
}: {
  error: unknown;
  retry: () => void;
  home: { href: string; label: string };
}) {
  React.useEffect(() => {
    console.error(error);
  }, [error]);
  // Server errors reach the browser as a generic message plus a digest that matches the server log.
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  return (
    <div role="alert">
      <EmptyState
        icon={TriangleExclamationPoint}
        title="This page couldn't be loaded"
        description={
          <>
            Something went wrong on our side. Try again, and if it keeps happening, let us know
            {digest ? (
              <>
                {" "}
                and mention reference <code className="font-mono text-xs">{digest}</code>
              </>
            ) : null}
            .
          </>
        }
        action={
          <>
            <Button onClick={() => retry()}>
              <RefreshCw aria-hidden="true" />
              Try again
            </Button>
            <Button asChild variant="outline">
              <Link href={home.href}>{home.label}</Link>
            </Button>
          </>
        }
      />
    </div>
  );
}
