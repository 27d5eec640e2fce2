import type { Metadata } from "next";
import { RecentActivity, StatGrid, UsageCard } from "@/components/organizations/dashboard";
import { OnboardingChecklist } from "@/components/organizations/onboarding-checklist";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditLog } from "@/lib/organizations/audit-log";
import { getPlanFeature } from "@/lib/billing/features";
import { can, hasFeature } from "@/lib/organizations/can";
import { getDashboard } from "@/lib/organizations/dashboard";
import { onboardingStepIds } from "@/lib/organizations/onboarding";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { roleLabels } from "@/lib/organizations/schema";

export const metadata: Metadata = { title: "Dashboard" };

export default async function OrganizationDashboardPage(props: OrganizationPageProps) {
  const { slug, claims, org, read } = await openOrganizationPage(props);
  const { organization } = org;
  const showActivity = can(org, "audit_logs", "read");
  const [{ counts, onboarding }, activity, ghlFeature] = await read((tx) =>
    Promise.all([
      getDashboard(tx, organization.id, {
        onboarding: can(org, "organizations", "update"),
        userId: claims.sub,
      }),
      showActivity ? listAuditLog(tx, organization.id, {}, 10) : null,
      hasFeature(org, "ghl_integration") ? null : getPlanFeature(tx, organization.id, "ghl_integration"),
    ]),
  );

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title={organization.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            Your role <Badge variant="secondary">{roleLabels[org.role]}</Badge>
          </span>
        }
      />
      {onboarding && !onboarding.dismissed && onboarding.completed < onboardingStepIds.length ? (
        <OnboardingChecklist
          progress={onboarding}
          slug={slug}
          lockedPlans={ghlFeature?.plan_name ? { ghl: ghlFeature.plan_name } : {}}
        />
      ) : null}
      <StatGrid
        counts={counts}
        slug={slug}
        links={{ members: can(org, "members", "read"), team: can(org, "team_members", "read") }}
      />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <UsageCard organization={organization} counts={counts} />
        {activity ? <RecentActivity entries={activity.entries} slug={slug} /> : null}
      </div>
    </div>
  );
}
