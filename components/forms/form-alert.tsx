"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/action";
import { slugFromPath } from "@/lib/organizations/navigation";

/**
 * The outcome of a form's last submit as an alert: errors always (announced at once), success
 * only when `showSuccess` is set (most forms toast it instead). A plan limit reached (or a feature
 * the plan lacks) inside an organization comes with the way out: a link to its plans.
 */
export function FormAlert<T>({
  result,
  showSuccess = false,
  className,
}: {
  result: ActionState<T>;
  showSuccess?: boolean;
  className?: string;
}) {
  const slug = slugFromPath(usePathname() ?? "");
  if (!result) return null;
  if (!result.ok) {
    return (
      <Alert variant="error" className={className}>
        {result.error.message}
        {(result.error.code === "limit_reached" || result.error.code === "feature_locked") && slug ? (
          <>
            {" "}
            <Link href={`/o/${slug}/billing`} className="font-medium underline underline-offset-4">
              See plans
            </Link>
          </>
        ) : null}
      </Alert>
    );
  }
  if (showSuccess && result.message) {
    return (
      <Alert variant="success" className={className}>
        {result.message}
      </Alert>
    );
  }
  return null;
}
