import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMinor } from "@/lib/commissions/money";
import type { PlanWithRules } from "@/lib/commissions/rules";
import type { MemberOption } from "../member-options";
import { DeletePlanButton, DeleteRuleButton, PlanDialogButton, RuleDialogButton } from "../rule-editor";
import { newRule, ruleValues } from "../rule-values";

/** A commission plan on the rules page: its dates, its rules in words, and what the member may do. */

export type PlanPermissions = { canCreate: boolean; canUpdate: boolean; canDelete: boolean };

/** A rule in one sentence: who, what it pays, its cap, splits and dates. */
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

export function PlanCard({
  slug,
  plan: p,
  members,
  canCreate,
  canUpdate,
  canDelete,
}: { slug: string; plan: PlanWithRules; members: MemberOption[] } & PlanPermissions) {
  return (
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
  );
}
