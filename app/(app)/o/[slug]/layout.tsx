import { PlanBanner } from "@/components/billing/plan-banner";
import { OrgNav } from "@/components/organizations/org-nav";
import { can } from "@/lib/organizations/can";
import { organizationNav } from "@/lib/organizations/navigation";
import { rememberLastOrganization } from "@/lib/organizations/organizations";
import { requireOrganizationPage } from "@/lib/organizations/page";

/** Everything inside one organization: members only (others get a 404), with its section nav. */
export default async function OrganizationLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { claims, org, read } = await requireOrganizationPage(slug);
  // Where /dashboard takes the user next time. Not worth failing the page over.
  await read((tx) => rememberLastOrganization(tx, org.organization.id, claims.sub)).catch((e: unknown) =>
    console.warn("[organizations] could not remember the last organization:", e),
  );

  return (
    <div className="flex flex-col gap-6 md:flex-row md:gap-10">
      <OrgNav groups={organizationNav(slug, org)} organizationName={org.organization.name} />
      <div className="flex min-w-0 flex-1 flex-col">
        {/* Billing's notices (a failed payment, limits exceeded after a downgrade …) on every page. */}
        <PlanBanner
          claims={claims}
          organizationId={org.organization.id}
          slug={slug}
          canManage={can(org, "billing", "update")}
        />
        {children}
      </div>
    </div>
  );
}
