"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";

/**
 * Looks again every two seconds for a minute while a checkout is being confirmed (the page
 * re-renders from the server), then stops and says so.
 */
export function CheckoutWait({
  intervalMs = 2000,
  maxTries = 30,
}: {
  intervalMs?: number;
  maxTries?: number;
}) {
  const router = useRouter();
  const [tries, setTries] = React.useState(0);
  const done = tries >= maxTries;

  React.useEffect(() => {
    if (done) return;
    const id = window.setTimeout(() => {
      router.refresh();
      setTries((n) => n + 1);
    }, intervalMs);
    return () => window.clearTimeout(id);
  }, [done, intervalMs, router, tries]);

  return done ? (
    <p role="status" className="w-full text-sm text-pretty text-muted-foreground">
      This is taking longer than usual. Your payment is safe with Stripe, and nothing is charged twice if you
      wait: open the billing page again in a few minutes. If your plan has still not changed within an hour,{" "}
      <Link href="/contact" className="font-medium text-primary underline-offset-4 hover:underline">
        contact us
      </Link>{" "}
      with the receipt Stripe emailed you.
    </p>
  ) : null;
}
