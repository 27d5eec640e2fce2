import { minorToMajor } from "@/lib/commissions/money";

/** The rule editor's values, and the conversions to them (shared by the server page and the editor). */

export type RuleValues = {
  id?: string;
  plan_id: string;
  name: string;
  applies_to: "everyone" | "member_type" | "team_member";
  member_type: string;
  team_member_id: string;
  kind: "percentage" | "flat" | "tiered";
  rate_percent: string;
  flat_amount: string;
  quota: string;
  tiers: { fromPercent: string; ratePercent: string }[];
  accelerator_multiplier: string;
  cap: string;
  currency: string;
  splits: { teamMemberId: string; percent: string }[];
  effective_from: string;
  effective_to: string;
  position: string;
};

export type PlanValues = {
  id?: string;
  name: string;
  description: string;
  active: boolean;
  effective_from: string;
  effective_to: string;
};

export function newRule(planId: string): RuleValues {
  return {
    plan_id: planId,
    name: "",
    applies_to: "everyone",
    member_type: "sales",
    team_member_id: "",
    kind: "percentage",
    rate_percent: "10",
    flat_amount: "",
    quota: "",
    tiers: [
      { fromPercent: "0", ratePercent: "5" },
      { fromPercent: "100", ratePercent: "8" },
    ],
    accelerator_multiplier: "",
    cap: "",
    currency: "USD",
    splits: [],
    effective_from: "",
    effective_to: "",
    position: "0",
  };
}

/** Stored rule → editor values (amounts back to major units). */
export function ruleValues(r: {
  id: string;
  plan_id: string;
  name: string;
  team_member_id: string | null;
  member_type: string | null;
  kind: "percentage" | "flat" | "tiered";
  rate_percent: string | null;
  flat_amount_minor: string | null;
  quota_minor: string | null;
  tiers: { fromPercent: string | number; ratePercent: string | number }[] | null;
  accelerator_multiplier: string | null;
  cap_per_period_minor: string | null;
  currency: string | null;
  splits: { teamMemberId: string | null; percent: string | number }[] | null;
  effective_from: string | null;
  effective_to: string | null;
  position: number;
}): RuleValues {
  const cur = r.currency ?? "USD";
  const major = (v: string | null) => (v == null ? "" : minorToMajor(v, cur));
  return {
    id: r.id,
    plan_id: r.plan_id,
    name: r.name,
    applies_to: r.team_member_id ? "team_member" : r.member_type ? "member_type" : "everyone",
    member_type: r.member_type ?? "sales",
    team_member_id: r.team_member_id ?? "",
    kind: r.kind,
    rate_percent: r.rate_percent ? String(Number(r.rate_percent)) : "",
    flat_amount: major(r.flat_amount_minor),
    quota: major(r.quota_minor),
    tiers: (r.tiers ?? []).map((t) => ({
      fromPercent: String(t.fromPercent),
      ratePercent: String(t.ratePercent),
    })),
    accelerator_multiplier: r.accelerator_multiplier ? String(Number(r.accelerator_multiplier)) : "",
    cap: major(r.cap_per_period_minor),
    currency: cur,
    splits: (r.splits ?? []).map((s) => ({ teamMemberId: s.teamMemberId ?? "", percent: String(s.percent) })),
    effective_from: r.effective_from ?? "",
    effective_to: r.effective_to ?? "",
    position: String(r.position),
  };
}
