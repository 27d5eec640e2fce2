import type { Metadata } from "next";
import { Scale } from "lucide-react";
import { DealPreview } from "@/components/commissions/deal-preview";
import { CommissionsNav } from "@/components/commissions/nav";
import {
  DeletePlanButton,
  DeleteRuleButton,
  PlanDialogButton,
  RuleDialogButton,
} from "@/components/commissions/rule-editor";
import { newRule, ruleValues } from "@/components/commissions/rule-values";
import { commissionSections } from "@/components/commissions/section-page";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatMinor } from "@/lib/commissions/money";
import { listPlans, type PlanWithRules } from "@/lib/commissions/rules";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { teamMemberOptions } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Commission rules" };

function describe(r: PlanWithRules["rules"][number]): string {
  const cur = r.currency ?? "USD";
  const who = r.team_member_name ?? (r.member_type ? `every ${r.member_type} member` : "everyone");
  const what =
    r.kind === "percentage"
      ? `${Number(r.rate_percent)}% of each deal`
      : r.kind === "flat"
        ? `${formatMinor(BigInt(r.flat_amount_minor ?? 0), cur)} per deal`
        : `tiers on a ${formatMinor(BigInt(r.quota_minor ?? 0), cur)} monthly quota: ` +
          (r.tiers ?? []).map((t) => `${t.ratePercent}% from ${t.fromPercent}%`).join(", ") +
          (r.accelerator_multiplier ? `, ×${Number(r.accelerator_multiplier)} above quota` : "");
  const cap = r.cap_per_period_minor
    ? `, capped at ${formatMinor(BigInt(r.cap_per_period_minor), cur)} a month`
    : "";
  const split = r.splits?.length ? `, split ${r.splits.map((s) => `${s.percent}%`).join(" / ")}` : "";
  const dates =
    r.effective_from || r.effective_to ? ` (${r.effective_from ?? "…"} to ${r.effective_to ?? "…"})` : "";
  return `${who}: ${what}${cap}${split}${dates}`;
}

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
          <Card key={p.id}>
            <CardHeader className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
              <div className="flex flex-col gap-1">
                <CardTitle className="flex items-center gap-2 text-base">
                  {p.name}
                  <Badge variant={p.active ? "success" : "outline"}>{p.active ? "active" : "inactive"}</Badge>
                </CardTitle>
                <CardDescription>
                  In force from {p.effective_from}
                  {p.effective_to ? ` to ${p.effective_to}` : ""}. {p.description}
                </CardDescription>
              </div>
              <div className="flex gap-1">
                {canCreate ? (
                  <RuleDialogButton slug={slug} mode="create" values={newRule(p.id)} members={members} />
                ) : null}
                {canUpdate ? (
                  <PlanDialogButton
                    slug={slug}
                    mode="edit"
                    values={{
                      id: p.id,
                      name: p.name,
                      description: p.description,
                      active: p.active,
                      effective_from: p.effective_from,
                      effective_to: p.effective_to ?? "",
                    }}
                  />
                ) : null}
                {canDelete ? <DeletePlanButton slug={slug} id={p.id} name={p.name} /> : null}
              </div>
            </CardHeader>
            <CardContent>
              {p.rules.length === 0 ? (
                <p className="text-sm text-muted-foreground">No rules in this plan yet.</p>
              ) : (
                <ul className="flex flex-col divide-y">
                  {p.rules.map((r) => (
                    <li key={r.id} className="flex items-start justify-between gap-3 py-2">
                      <div>
                        <p className="font-medium">{r.name}</p>
                        <p className="text-sm text-muted-foreground">{describe(r)}</p>
                      </div>
                      <div className="flex shrink-0 gap-1">
                        {canUpdate ? (
                          <RuleDialogButton
                            slug={slug}
                            mode="edit"
                            values={ruleValues({ ...r, plan_id: p.id })}
                            members={members}
                          />
                        ) : null}
                        {canDelete ? <DeleteRuleButton slug={slug} id={r.id} name={r.name} /> : null}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        ))
      )}
    </div>
  );
}
