import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { planNotices } from "@/lib/billing/notices";
import { getPlanStateCached } from "@/lib/billing/overview";
import type { UserClaims } from "@/lib/db/client";

/**
 * The banner every page of an organization shows when its plan needs attention: a failed payment
 * (with the end of the grace period), an unpaid subscription, a plan about to end, or more in use
 * than the plan allows after a downgrade. Renders nothing when all is well, or if the state cannot
 * be read (the page itself will say what went wrong).
 */
export async function PlanBanner({
  claims,
  organizationId,
  slug,
  canManage,
}: {
  claims: UserClaims;
  organizationId: string;
  slug: string;
  canManage: boolean;
}) {
  const state = await getPlanStateCached(claims, organizationId).catch((e: unknown) => {
    console.warn("[billing] could not read the plan state for the banner:", e);
    return null;
  });
  if (!state) return null;
  const notices = planNotices(state, { canManage });
  if (notices.length === 0) return null;
  return (
    <div className="mb-6 flex flex-col gap-3" data-testid="plan-banner">
      {notices.map((notice) => (
        <Alert
          key={notice.title}
          variant={notice.kind}
          title={notice.title}
          // Shown on every page: polite, so it does not interrupt on each navigation.
          role="status"
        >
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <span>{notice.body}</span>
            {canManage && notice.action ? (
              <Button asChild size="sm" variant="outline" className="shrink-0 no-underline!">
                <Link href={`/o/${slug}/billing`}>
                  {notice.action === "update-payment" ? "Go to billing" : "See plans"}
                </Link>
              </Button>
            ) : null}
          </div>
        </Alert>
      ))}
    </div>
  );
}
