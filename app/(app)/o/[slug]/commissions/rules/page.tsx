import type { Metadata } from "next";
import { Scale } from "lucide-react";
import { DealPreview } from "@/components/commissions/deal-preview";
import { CommissionsNav } from "@/components/commissions/nav";
import { PlanDialogButton } from "@/components/commissions/rule-editor";
import { PlanCard } from "@/components/commissions/rules/plan-card";
import { commissionSections } from "@/components/commissions/section-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listPlans } from "@/lib/commissions/rules";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { teamMemberOptions } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Commission rules" };

export default async function RulesPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/commissions/rules",
    permission: ["commissions", "read"],
  });
  const organizationId = org.organization.id;
  const [plans, members] = await read((tx) =>
    Promise.all([listPlans(tx, organizationId), teamMemberOptions(tx, organizationId)]),
  );
  const canCreate = can(org, "commissions", "create");
  const canUpdate = can(org, "commissions", "update");
  const canDelete = can(org, "commissions", "delete");

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Commission rules"
        description="Plans group rules with the dates they are in force. A sale is paid by every active plan's rules that apply to its rep on its paid date; a rep with no rule gets their default rate from the Team page."
        actions={
          canCreate ? (
            <PlanDialogButton
              slug={slug}
              mode="create"
              values={{ name: "", description: "", active: true, effective_from: "", effective_to: "" }}
            />
          ) : null
        }
      />
      <CommissionsNav slug={slug} active="rules" sections={commissionSections(org)} />
      {members.length ? <DealPreview slug={slug} members={members} /> : null}
      {plans.length === 0 ? (
        <EmptyState
          icon={Scale}
          title="No commission plans yet"
          description="Until there is one, each rep earns their default rate from the Team page."
        />
      ) : (
        plans.map((p) => (
          <PlanCard
            key={p.id}
            slug={slug}
            plan={p}
            members={members}
            canCreate={canCreate}
            canUpdate={canUpdate}
            canDelete={canDelete}
          />
        ))
      )}
    </div>
  );
}
