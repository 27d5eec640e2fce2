import type { Metadata } from "next";
import { FileText } from "lucide-react";
import { CommissionsNav } from "@/components/commissions/nav";
import { StatementFilter } from "@/components/commissions/statements/statement-filter";
import { StatementView } from "@/components/commissions/statements/statement-view";
import { commissionSections, monthParam, recentMonths } from "@/components/commissions/section-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { myTeamMember, statementFor } from "@/lib/commissions/calculations";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";
import { teamMembersByName } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Statements" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function StatementsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/commissions/statements",
    permission: ["commissions", "read"],
  });
  const organizationId = org.organization.id;
  const everyone = can(org, "team_commissions", "read");
  const months = recentMonths(24);
  const to = monthParam(search.to) ?? months[0]!;
  const fromParam = monthParam(search.from);
  const from = fromParam && fromParam <= to ? fromParam : months[5]!;
  const repParam = firstParam(search.rep);

  const { reps, me, statement } = await read(async (tx) => {
    const me = await myTeamMember(tx, organizationId);
    const reps = everyone ? await teamMembersByName(tx, organizationId) : me ? [me] : [];
    const chosen = repParam && UUID.test(repParam) ? repParam : (me?.id ?? reps[0]?.id);
    const statement = chosen
      ? await statementFor(tx, organizationId, chosen, `${from}-01`, `${to}-01`)
      : null;
    return { reps, me, statement };
  });
  const path = `/o/${slug}/commissions/statements`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Statements"
        description={
          everyone
            ? "What each rep earned, how, and what was paid."
            : "What you earned, how it was worked out, and what was paid."
        }
      />
      <CommissionsNav slug={slug} active="statements" sections={commissionSections(org)} />
      {reps.length === 0 ? (
        <EmptyState
          icon={FileText}
          title="No statement to show"
          description={
            everyone
              ? "Add team members to see their statements."
              : "Your login is not linked to a team member yet. Ask an administrator to link you on the Team page."
          }
        />
      ) : (
        <>
          <StatementFilter
            path={path}
            reps={reps}
            rep={statement?.teamMember.id ?? me?.id ?? ""}
            everyone={everyone}
            months={months}
            from={from}
            to={to}
          />
          {!statement ? (
            <EmptyState
              icon={FileText}
              title="Statement not found"
              description="You can only see your own statement."
            />
          ) : (
            <StatementView statement={statement} />
          )}
        </>
      )}
    </div>
  );
}
