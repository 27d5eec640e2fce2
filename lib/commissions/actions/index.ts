"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { revalidateOrganization } from "@/lib/http/revalidate";
import { approveCalculations, reopenCalculation, rejectCalculation } from "../calculations";
import { asServiceRoleBypassingRls } from "@/lib/db/service-role";
import {
  approvePayout,
  closePeriod,
  createDraftPayouts,
  deleteDraftPayout,
  markPayoutPaid,
  reopenPeriod,
  unapprovePayout,
} from "../payouts";
import { recomputeMonth } from "../recompute";
import {
  createPlan,
  createRule,
  deletePlan,
  deleteRule,
  previewDeal,
  updatePlan,
  updateRule,
} from "../rules";
import { enterManualSale, enterRefund, importTransactionsCsv } from "../transactions";
import {
  approveSchema,
  idSchema,
  importTransactionsSchema,
  manualSaleSchema,
  markPaidSchema,
  periodSchema,
  planInputSchema,
  previewSchema,
  refundSchema,
  rejectSchema,
  ruleInputSchema,
  updatePlanSchema,
  updateRuleSchema,
} from "./schemas";

/** Server actions of sales and commissions. Permissions are checked here and again by RLS. */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const createManualSaleAction = defineOrgAction({
  schema: manualSaleSchema,
  permission: ["sales", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const r = await enterManualSale(tx, org.organization.id, input);
    revalidateOrganization(org.organization.slug);
    return { lines: r.calculationIds.length };
  },
  successMessage: ({ lines }) =>
    `Transaction recorded${lines ? `, ${plural(lines, "commission line")} waiting for approval` : ""}.`,
});

export const recordRefundAction = defineOrgAction({
  schema: refundSchema,
  permission: ["sales", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const r = await enterRefund(tx, org.organization.id, input);
    revalidateOrganization(org.organization.slug);
    return { clawbacks: r?.clawbackIds.length ?? 0 };
  },
  successMessage: ({ clawbacks }) =>
    clawbacks
      ? `Refund recorded; ${plural(clawbacks, "commission line")} adjusted.`
      : "Refund recorded; no commission changed.",
});

export const importTransactionsAction = defineOrgAction({
  schema: importTransactionsSchema,
  permission: ["sales", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const text = input.file ? await input.file.text() : (input.csv ?? "");
    const result = await importTransactionsCsv(tx, org.organization.id, text);
    if (result.imported > 0) revalidateOrganization(org.organization.slug);
    return result;
  },
});

export const approveCalculationsAction = defineOrgAction({
  schema: approveSchema,
  permission: ["commissions", "approve"],
  transaction: true,
  async handler({ input, tx, org }) {
    const r = await approveCalculations(tx, org.organization.id, input.ids);
    revalidateOrganization(org.organization.slug);
    return r;
  },
  successMessage: (r) =>
    `Approved ${plural(r.approved, "commission")}.` +
    (r.skippedOwn ? ` ${plural(r.skippedOwn, "was", "were")} your own and left for someone else.` : "") +
    (r.notPending ? ` ${plural(r.notPending, "was", "were")} no longer pending.` : ""),
});

export const rejectCalculationAction = defineOrgAction({
  schema: rejectSchema,
  permission: ["commissions", "approve"],
  transaction: true,
  async handler({ input, tx, org }) {
    await rejectCalculation(tx, org.organization.id, input.id, input.reason);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Commission rejected.",
});

export const reopenCalculationAction = defineOrgAction({
  schema: idSchema,
  permission: ["commissions", "approve"],
  transaction: true,
  async handler({ input, tx, org }) {
    await reopenCalculation(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Commission is back in the approval queue.",
});

export const recomputeMonthAction = defineOrgAction({
  schema: periodSchema,
  permission: ["commissions", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    // The permission is checked above; the lines are rewritten by the system.
    const r = await asServiceRoleBypassingRls(tx, () => recomputeMonth(tx, org.organization.id, input.month));
    revalidateOrganization(org.organization.slug);
    return r;
  },
  successMessage: (r) =>
    `Recomputed ${plural(r.transactions, "transaction")}: ${plural(r.lines, "pending line")}.`,
});

export const createPlanAction = defineOrgAction({
  schema: planInputSchema,
  permission: ["commissions", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    await createPlan(tx, org.organization.id, input);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Plan created.",
});

export const updatePlanAction = defineOrgAction({
  schema: updatePlanSchema,
  permission: ["commissions", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const { id, ...plan } = input;
    await updatePlan(tx, org.organization.id, id, plan);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Plan saved.",
});

export const deletePlanAction = defineOrgAction({
  schema: idSchema,
  permission: ["commissions", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deletePlan(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Plan deleted.",
});

export const createRuleAction = defineOrgAction({
  schema: ruleInputSchema,
  permission: ["commissions", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    await createRule(tx, org.organization.id, input);
    revalidateOrganization(org.organization.slug);
  },
  successMessage:
    "Rule added. New sales use it; recompute a month to apply it to that month's pending lines.",
});

export const updateRuleAction = defineOrgAction({
  schema: updateRuleSchema,
  permission: ["commissions", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const { id, ...rule } = input;
    await updateRule(tx, org.organization.id, id, rule);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Rule saved.",
});

export const deleteRuleAction = defineOrgAction({
  schema: idSchema,
  permission: ["commissions", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteRule(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Rule deleted.",
});

export const previewDealAction = defineOrgAction({
  schema: previewSchema,
  permission: ["commissions", "read"],
  transaction: true,
  async handler({ input, tx, org }) {
    return previewDeal(tx, org.organization.id, {
      teamMemberId: input.team_member_id,
      amountMinor: input.amountMinor,
      currency: input.currency,
      date: input.date,
    });
  },
});

export const createDraftPayoutsAction = defineOrgAction({
  schema: periodSchema,
  permission: ["payouts", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const r = await createDraftPayouts(tx, org.organization.id, input.month);
    revalidateOrganization(org.organization.slug);
    return r;
  },
  successMessage: (r) =>
    r.payouts
      ? `Drafted ${plural(r.payouts, "payout")} with ${plural(r.lines, "line")}.`
      : "No approved commissions are waiting to be paid out.",
});

export const approvePayoutAction = defineOrgAction({
  schema: idSchema,
  permission: ["payouts", "approve"],
  transaction: true,
  async handler({ input, tx, org }) {
    await approvePayout(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Payout approved.",
});

export const unapprovePayoutAction = defineOrgAction({
  schema: idSchema,
  permission: ["payouts", "approve"],
  transaction: true,
  async handler({ input, tx, org }) {
    await unapprovePayout(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Payout is a draft again.",
});

export const markPayoutPaidAction = defineOrgAction({
  schema: markPaidSchema,
  permission: ["payouts", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await markPayoutPaid(tx, org.organization.id, input.id, input.reference);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Payout marked paid.",
});

export const deleteDraftPayoutAction = defineOrgAction({
  schema: idSchema,
  permission: ["payouts", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteDraftPayout(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Draft payout deleted; its commissions wait for the next one.",
});

export const closePeriodAction = defineOrgAction({
  schema: periodSchema,
  permission: ["payouts", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await closePeriod(tx, org.organization.id, input.month, input.note);
    revalidateOrganization(org.organization.slug);
    return { month: input.month.slice(0, 7) };
  },
  successMessage: ({ month }) => `${month} is closed. Its approved commissions are locked.`,
});

export const reopenPeriodAction = defineOrgAction({
  schema: periodSchema,
  permission: ["payouts", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await reopenPeriod(tx, org.organization.id, input.month);
    revalidateOrganization(org.organization.slug);
    return { month: input.month.slice(0, 7) };
  },
  successMessage: ({ month }) => `${month} is open again.`,
});
