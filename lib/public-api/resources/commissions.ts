import "server-only";
import { z } from "zod";
import { statementFor } from "@/lib/commissions/calculations";
import { listPage, pageQuerySchema, pageSchema, readOne, type ListSource } from "@/lib/db/pagination";
import { AppError } from "@/lib/errors";
import { endpoint, idParams } from "../endpoint";
import { timestamp } from "./shared";

/** Sales, the commissions computed from them, payouts and statements. Amounts are minor units (cents), as strings. */

const minor = z
  .string()
  .regex(/^-?[0-9]+$/)
  .describe("An amount in minor units (cents), as a string.");
const month = z.string().describe("The month, as its first day (YYYY-MM-01).");

const transactionWire = z.object({
  id: z.uuid(),
  source: z.string(),
  external_id: z.string(),
  team_member_id: z.uuid().nullable(),
  contact_id: z.uuid().nullable(),
  opportunity_id: z.string().nullable(),
  amount_minor: minor,
  refunded_amount_minor: minor,
  currency: z.string(),
  status: z.enum(["paid", "refunded", "partially_refunded"]),
  description: z.string().nullable(),
  paid_at: timestamp,
  refunded_at: timestamp.nullable(),
  created_at: timestamp,
});
const transactions: ListSource = {
  table: "public.sales_transactions",
  columns: `t.id, t.source, t.external_id, t.team_member_id, t.contact_id, t.opportunity_id,
            t.amount_minor::text as amount_minor, t.refunded_amount_minor::text as refunded_amount_minor, t.currency,
            t.status, t.description, t.paid_at, t.refunded_at, t.created_at`,
};

export const calculationWire = z.object({
  id: z.uuid(),
  transaction_id: z.uuid(),
  team_member_id: z.uuid(),
  rule_id: z.uuid().nullable(),
  kind: z.enum(["commission", "clawback", "adjustment"]),
  period_month: month,
  base_minor: minor,
  amount_minor: minor,
  currency: z.string(),
  explanation: z.string(),
  status: z.enum(["pending", "approved", "rejected", "paid", "clawed_back"]),
  approved_at: timestamp.nullable(),
  rejection_reason: z.string().nullable(),
  paid_at: timestamp.nullable(),
  created_at: timestamp,
});
export const calculations: ListSource = {
  table: "public.commission_calculations",
  columns: `t.id, t.transaction_id, t.team_member_id, t.rule_id, t.kind, t.period_month::text as period_month,
            t.base_minor::text as base_minor, t.amount_minor::text as amount_minor, t.currency, t.explanation,
            t.status, t.approved_at, t.rejection_reason, t.paid_at, t.created_at`,
};

export const payoutWire = z.object({
  id: z.uuid(),
  team_member_id: z.uuid(),
  period_month: month,
  currency: z.string(),
  total_minor: minor,
  status: z.enum(["draft", "approved", "paid"]),
  approved_at: timestamp.nullable(),
  paid_at: timestamp.nullable(),
  reference: z.string().nullable(),
  created_at: timestamp,
});
export const payouts: ListSource = {
  table: "public.commission_payouts",
  columns: `t.id, t.team_member_id, t.period_month::text as period_month, t.currency,
            t.total_minor::text as total_minor, t.status, t.approved_at, t.paid_at, t.reference, t.created_at`,
};

const statementWire = z.object({
  teamMember: z.object({ id: z.uuid(), full_name: z.string(), email: z.string().nullable() }),
  from: month,
  to: month,
  lines: z.array(z.record(z.string(), z.unknown())).describe("The commission lines of those months."),
  payouts: z.array(z.record(z.string(), z.unknown())),
  totals: z.array(
    z.object({ currency: z.string(), pending: minor, approved: minor, paid: minor, clawedBack: minor }),
  ),
});

const memberFilter = { team_member_id: z.uuid().optional().describe("Only this team member's.") };
const monthQuery = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM.");

export const commissionEndpoints = {
  listTransactions: endpoint({
    method: "get",
    path: "/api/v1/sales_transactions",
    operationId: "listSalesTransactions",
    summary: "List sales (payments from GoHighLevel, entered by hand or imported)",
    tag: "Commissions",
    permission: ["sales", "read"],
    query: pageQuerySchema.extend({ ...memberFilter, external_id: z.string().max(255).optional() }),
    response: pageSchema(transactionWire),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        transactions,
        q,
        transactionWire,
        tx`${q.team_member_id ? tx`t.team_member_id = ${q.team_member_id}` : tx`true`}
           and ${q.external_id ? tx`t.external_id = ${q.external_id}` : tx`true`}`,
      ),
  }),
  readTransaction: endpoint({
    method: "get",
    path: "/api/v1/sales_transactions/{id}",
    operationId: "getSalesTransaction",
    summary: "A sale",
    tag: "Commissions",
    permission: ["sales", "read"],
    params: idParams("sale"),
    response: transactionWire,
    responseName: "SalesTransaction",
    handler: ({ tx, organizationId, params }) =>
      readOne(tx, organizationId, transactions, params.id, transactionWire, "This sale does not exist."),
  }),
  listCalculations: endpoint({
    method: "get",
    path: "/api/v1/commission_calculations",
    operationId: "listCommissionCalculations",
    description: "Without `team_commissions:read`, only the key creator's own (RLS decides).",
    summary: "List commission lines (one per sale and rep, with clawbacks and adjustments)",
    tag: "Commissions",
    permission: ["commissions", "read"],
    query: pageQuerySchema.extend({ ...memberFilter, status: calculationWire.shape.status.optional() }),
    response: pageSchema(calculationWire),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        calculations,
        q,
        calculationWire,
        tx`${q.team_member_id ? tx`t.team_member_id = ${q.team_member_id}` : tx`true`}
           and ${q.status ? tx`t.status = ${q.status}` : tx`true`}`,
      ),
  }),
  readCalculation: endpoint({
    method: "get",
    path: "/api/v1/commission_calculations/{id}",
    operationId: "getCommissionCalculation",
    summary: "A commission line",
    tag: "Commissions",
    permission: ["commissions", "read"],
    params: idParams("commission line"),
    response: calculationWire,
    responseName: "CommissionCalculation",
    handler: ({ tx, organizationId, params }) =>
      readOne(
        tx,
        organizationId,
        calculations,
        params.id,
        calculationWire,
        "This commission line does not exist.",
      ),
  }),
  listPayouts: endpoint({
    method: "get",
    path: "/api/v1/payouts",
    operationId: "listPayouts",
    description: "Without `team_commissions:read`, only the key creator's own (RLS decides).",
    summary: "List payouts (a rep's approved commissions of a month, paid together)",
    tag: "Commissions",
    permission: ["payouts", "read"],
    query: pageQuerySchema.extend({ ...memberFilter, status: payoutWire.shape.status.optional() }),
    response: pageSchema(payoutWire),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        payouts,
        q,
        payoutWire,
        tx`${q.team_member_id ? tx`t.team_member_id = ${q.team_member_id}` : tx`true`}
           and ${q.status ? tx`t.status = ${q.status}` : tx`true`}`,
      ),
  }),
  readPayout: endpoint({
    method: "get",
    path: "/api/v1/payouts/{id}",
    operationId: "getPayout",
    summary: "A payout",
    tag: "Commissions",
    permission: ["payouts", "read"],
    params: idParams("payout"),
    response: payoutWire,
    responseName: "Payout",
    handler: ({ tx, organizationId, params }) =>
      readOne(tx, organizationId, payouts, params.id, payoutWire, "This payout does not exist."),
  }),
  statement: endpoint({
    method: "get",
    path: "/api/v1/team_members/{id}/statement",
    operationId: "getStatement",
    summary: "A rep's commission statement for a range of months: lines, payouts and totals",
    tag: "Commissions",
    permission: ["commissions", "read"],
    params: idParams("team member"),
    query: z.object({ from: monthQuery, to: monthQuery }),
    response: statementWire,
    handler: async ({ tx, organizationId, params, query }) => {
      const statement = await statementFor(
        tx,
        organizationId,
        params.id,
        `${query.from}-01`,
        `${query.to}-01`,
      );
      if (!statement) throw new AppError("not_found", "That team member could not be found.");
      return statement;
    },
  }),
};
