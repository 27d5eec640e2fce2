import "server-only";
import { z } from "zod";
import { approveCalculations, rejectCalculation } from "@/lib/commissions/calculations";
import { approvePayout, markPayoutPaid } from "@/lib/commissions/payouts";
import { readOne } from "@/lib/db/pagination";
import { endpoint, idParams } from "../endpoint";
import { calculationWire, calculations, payoutWire, payouts } from "./commissions";
import { timestamp } from "./shared";

/**
 * The decisions the commissions pages offer, through the API with the same rules: nobody approves
 * their own commission, approvals and payouts need a plan that has them (402 feature_locked).
 */

const LINE_GONE = "This commission line does not exist.";
const PAYOUT_GONE = "This payout does not exist.";

export const commissionWriteEndpoints = {
  approveCalculation: endpoint({
    method: "post",
    path: "/api/v1/commission_calculations/{id}/approve",
    operationId: "approveCommissionCalculation",
    summary: "Approve a pending commission line (not your own)",
    tag: "Commissions",
    permission: ["commissions", "approve"],
    params: idParams("commission line"),
    response: calculationWire,
    handler: async ({ tx, organizationId, params }) => {
      await readOne(tx, organizationId, calculations, params.id, calculationWire, LINE_GONE);
      await approveCalculations(tx, organizationId, [params.id]);
      return readOne(tx, organizationId, calculations, params.id, calculationWire, LINE_GONE);
    },
  }),
  rejectCalculation: endpoint({
    method: "post",
    path: "/api/v1/commission_calculations/{id}/reject",
    operationId: "rejectCommissionCalculation",
    summary: "Reject a pending or approved commission line, with the reason",
    tag: "Commissions",
    permission: ["commissions", "approve"],
    params: idParams("commission line"),
    body: z.object({ reason: z.string().min(1).max(1000).describe("Why, for the rep.") }),
    response: calculationWire,
    handler: async ({ tx, organizationId, params, body }) => {
      await readOne(tx, organizationId, calculations, params.id, calculationWire, LINE_GONE);
      await rejectCalculation(tx, organizationId, params.id, body.reason);
      return readOne(tx, organizationId, calculations, params.id, calculationWire, LINE_GONE);
    },
  }),
  approvePayout: endpoint({
    method: "post",
    path: "/api/v1/payouts/{id}/approve",
    operationId: "approvePayout",
    summary: "Approve a draft payout",
    tag: "Commissions",
    permission: ["payouts", "approve"],
    params: idParams("payout"),
    response: payoutWire,
    handler: async ({ tx, organizationId, params }) => {
      await readOne(tx, organizationId, payouts, params.id, payoutWire, PAYOUT_GONE);
      await approvePayout(tx, organizationId, params.id);
      return readOne(tx, organizationId, payouts, params.id, payoutWire, PAYOUT_GONE);
    },
  }),
  markPayoutPaid: endpoint({
    method: "post",
    path: "/api/v1/payouts/{id}/mark_paid",
    operationId: "markPayoutPaid",
    summary: "Record that an approved payout was paid",
    tag: "Commissions",
    permission: ["payouts", "update"],
    params: idParams("payout"),
    body: z.object({
      reference: z.string().min(1).max(200).describe("The payment's reference (bank transfer, cheque …)."),
      paid_at: timestamp.optional().describe("When it was paid (now unless given)."),
    }),
    response: payoutWire,
    handler: async ({ tx, organizationId, params, body }) => {
      await readOne(tx, organizationId, payouts, params.id, payoutWire, PAYOUT_GONE);
      const paidAt = body.paid_at ? new Date(body.paid_at) : undefined;
      await markPayoutPaid(tx, organizationId, params.id, body.reference, paidAt);
      return readOne(tx, organizationId, payouts, params.id, payoutWire, PAYOUT_GONE);
    },
  }),
};
