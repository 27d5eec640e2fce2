import { can } from "@/lib/organizations/can";
import type { OrganizationContext } from "@/lib/organizations/context";
import { firstParam } from "@/lib/utils/search-params";
import type { CommissionsSection } from "./nav";

/** Which commissions sections a member may open (the same checks the pages make). */
export function commissionSections(
  org: Pick<OrganizationContext, "permissions">,
): Partial<Record<CommissionsSection, boolean>> {
  const commissions = can(org, "commissions", "read");
  return {
    overview: commissions,
    transactions: can(org, "sales", "read"),
    approvals: commissions,
    payouts: can(org, "payouts", "read"),
    statements: commissions,
    rules: commissions,
  };
}

/** "YYYY-MM" of the current month and the n months before it, newest first. */
export function recentMonths(n: number, from = new Date()): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return out;
}

/** A "YYYY-MM" month from the query, or undefined when missing or malformed. */
export function monthParam(value: string | string[] | undefined): string | undefined {
  const month = firstParam(value);
  return month && /^\d{4}-\d{2}$/.test(month) ? month : undefined;
}
