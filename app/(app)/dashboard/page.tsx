import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Building2, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireClaims } from "@/lib/auth/session";
import { flashMessage, withFlash, type FlashKey } from "@/lib/flash";
import { defaultOrganizationSlug } from "@/lib/organizations/organizations";
import { readAsUser } from "@/lib/organizations/page";
import { firstParam, type SearchParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * Where signing in lands: the organization used last (else the first one joined). Someone with no
 * organization at all (they left or deleted every one) is asked to create one.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const claims = await requireClaims();
  const slug = await readAsUser(claims)((tx) => defaultOrganizationSlug(tx, claims.sub));
  const flash = firstParam((await searchParams).flash);
  if (slug) {
    // Keep a notice that came along (e.g. "password updated") for the page it lands on.
    const target = `/o/${slug}`;
    redirect(flash && flashMessage(flash) ? withFlash(target, flash as FlashKey) : target);
  }

  return (
    <>
      <h1 className="sr-only">Dashboard</h1>
      <EmptyState
        icon={Building2}
        title="You're not in any organization"
        description="Organizations hold your team, automations and commissions. Create one to get started, or open the invitation link a teammate sent you."
        action={
          <Button asChild>
            <Link href="/organizations/new">
              <Plus aria-hidden="true" />
              Create organization
            </Link>
          </Button>
        }
        className="mt-8"
      />
    </>
  );
}
