import { randomBytes, randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { sha256, tenantRowFactories, type TestTenant } from "./tenants";

/**
 * For each resource × action, the operation the app performs for it, through the same SQL path
 * (plain statements under RLS, or the security-definer function the app calls). An operation
 * "succeeds" when it raises nothing and touches at least one row. Features add their resources.
 */
export type PermissionOperation = (tx: Tx, tenant: TestTenant) => Promise<readonly unknown[]>;

export const permissionPaths: Record<string, Partial<Record<string, PermissionOperation>>> = {
  organizations: {
    read: (tx, t) => tx`select id from organizations where id = ${t.id}`,
    update: (tx, t) => tx`update organizations set settings = settings where id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from organizations where id = ${t.id} returning id`,
  },
  members: {
    // One's own membership is always visible, so look at someone else's.
    read: (tx, t) =>
      tx`select id from organization_members where organization_id = ${t.id} and user_id = ${t.target.sub}`,
    create: (tx, t) =>
      tx`insert into invitations (organization_id, email, role, token_hash)
         values (${t.id}, ${`new-${randomUUID().slice(0, 8)}@example.test`}, 'viewer', ${sha256(randomUUID())})
         returning id`,
    update: (tx, t) =>
      tx`update organization_members set role = 'sales'
         where organization_id = ${t.id} and user_id = ${t.target.sub} returning id`,
    delete: (tx, t) =>
      tx`delete from organization_members where organization_id = ${t.id} and user_id = ${t.target.sub} returning id`,
  },
  team_members: {
    read: (tx, t) => tx`select id from team_members where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into team_members ${tx({ organization_id: t.id, ...tenantRowFactories.team_members!(t) })} returning id`,
    update: (tx, t) =>
      tx`update team_members set full_name = full_name where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from team_members where organization_id = ${t.id} returning id`,
  },
  api_keys: {
    read: (tx, t) => tx`select id from api_keys where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`select public.create_api_key(${t.id}, 'Test key', ${`of_${randomBytes(5).toString("hex")}`},
                                      ${sha256(randomUUID())}, ${["organizations:read"]}) as id`,
    update: (tx, t) => tx`update api_keys set name = name where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from api_keys where organization_id = ${t.id} returning id`,
  },
  webhooks: {
    read: (tx, t) => tx`select id from webhook_endpoints where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into webhook_endpoints ${tx({ organization_id: t.id, ...tenantRowFactories.webhook_endpoints!(t), id: randomUUID() })}
         returning id`,
    update: (tx, t) =>
      tx`update webhook_endpoints set description = description where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from webhook_endpoints where organization_id = ${t.id} returning id`,
  },
  workflows: {
    read: (tx, t) => tx`select id from workflows where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into workflows (organization_id, name) values (${t.id}, 'Permission check') returning id`,
    update: (tx, t) =>
      tx`update workflows set description = description where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from workflows where organization_id = ${t.id} returning id`,
  },
  executions: {
    read: (tx, t) => tx`select id from executions where organization_id = ${t.id}`,
    // Cancelling (the one change users make) goes through cancel_execution(); a pending run is
    // made for each attempt so there is something to cancel.
    update: async (tx, t) => {
      const [e] = await tx`select id from executions where organization_id = ${t.id} limit 1`;
      const id = randomUUID();
      await tx`set local role postgres`;
      await tx`insert into executions (id, organization_id, workflow_id, trigger_type)
               select ${id}, organization_id, workflow_id, 'manual' from executions where id = ${e?.id ?? null}`;
      await tx`set local role authenticated`;
      return tx`select public.cancel_execution(${id}) as status`;
    },
    delete: (tx, t) => tx`delete from executions where organization_id = ${t.id} returning id`,
  },
  contacts: {
    read: (tx, t) => tx`select id from contacts where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into contacts ${tx({ organization_id: t.id, ...tenantRowFactories.contacts!(t) })} returning id`,
    update: (tx, t) => tx`update contacts set tags = tags where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from contacts where organization_id = ${t.id} returning id`,
  },
  // Bots, their flows and knowledge (documents are added and removed like bots).
  bots: {
    read: (tx, t) => tx`select id from bots where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into bots (organization_id, name) values (${t.id}, 'Permission check') returning id`,
    update: (tx, t) => tx`update bots set greeting = greeting where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from bots where organization_id = ${t.id} returning id`,
  },
  // Sessions are started by visitors; the team reads transcripts, replies as an agent, closes.
  conversations: {
    read: (tx, t) => tx`select id from conversation_messages where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into conversation_messages (organization_id, session_id, role, content)
         select organization_id, id, 'agent', 'Hello from the team' from conversation_sessions
         where organization_id = ${t.id} limit 1
         returning id`,
    update: (tx, t) =>
      tx`update conversation_sessions set status = 'closed', closed_at = now()
         where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from conversation_sessions where organization_id = ${t.id} returning id`,
  },
  // Sales and commissions. Reading commissions and payouts is narrowed to one's own team member
  // for those without team_commissions:read, so the org-wide reads go through rules and periods,
  // and team_commissions:read through everyone's calculations.
  sales: {
    read: (tx, t) => tx`select id from sales_transactions where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into sales_transactions (organization_id, source, external_id, amount_minor, currency, paid_at)
         values (${t.id}, 'manual', ${`perm-${randomUUID()}`}, 1000, 'USD', now()) returning id`,
    update: (tx, t) =>
      tx`update sales_transactions set description = description where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from sales_transactions where organization_id = ${t.id} returning id`,
  },
  commissions: {
    read: (tx, t) => tx`select id from commission_rules where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into commission_rules (organization_id, plan_id, name, kind, rate_percent)
         select organization_id, id, 'Permission check', 'percentage', 5 from commission_plans
         where organization_id = ${t.id} limit 1 returning id`,
    update: (tx, t) =>
      tx`update commission_rules set name = name where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from commission_rules where organization_id = ${t.id} returning id`,
    // Approving a pending commission of the fixture rep (made for each attempt).
    approve: async (tx, t) => {
      const id = randomUUID();
      await tx`set local role postgres`;
      await tx`insert into commission_calculations
                 (id, organization_id, transaction_id, team_member_id, period_month, base_minor,
                  gross_amount_minor, amount_minor, currency, kind, adjusts_calculation_id)
               select ${id}, organization_id, transaction_id, team_member_id, period_month, 0, 0, 0, currency,
                      'adjustment', null
               from commission_calculations where organization_id = ${t.id} limit 1`;
      await tx`set local role authenticated`;
      return tx`update commission_calculations set status = 'approved' where id = ${id} returning id`;
    },
  },
  team_commissions: {
    read: (tx, t) => tx`select id from commission_calculations where organization_id = ${t.id}`,
  },
  payouts: {
    read: (tx, t) => tx`select id from commission_periods where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into commission_payouts (organization_id, team_member_id, period_month, currency)
         select organization_id, id, '2020-02-01', 'USD' from team_members
         where organization_id = ${t.id} limit 1 returning id`,
    update: (tx, t) =>
      tx`update commission_payouts set reference = reference where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from commission_payouts where organization_id = ${t.id} returning id`,
    // Approving a draft payout of the fixture rep (made for each attempt).
    approve: async (tx, t) => {
      const id = randomUUID();
      await tx`set local role postgres`;
      await tx`insert into commission_payouts (id, organization_id, team_member_id, period_month, currency)
               select ${id}, organization_id, team_member_id, '2020-03-01', 'USD'
               from commission_payouts where organization_id = ${t.id} limit 1`;
      await tx`set local role authenticated`;
      return tx`update commission_payouts set status = 'approved' where id = ${id} returning id`;
    },
  },
  // Integrations: what the settings page does (never the credentials column, which no member reads).
  integrations: {
    read: (tx, t) => tx`select id, location_id from integrations where organization_id = ${t.id}`,
    create: (tx, t) =>
      tx`insert into integrations (organization_id, name, location_id, credentials_ciphertext, credentials_hint)
         values (${t.id}, 'Permission check', ${`loc-${randomBytes(5).toString("hex")}`}, 'v1:x:x:x', 'pit-…0000')
         returning id`,
    update: (tx, t) => tx`update integrations set name = name where organization_id = ${t.id} returning id`,
    delete: (tx, t) => tx`delete from integrations where organization_id = ${t.id} returning id`,
  },
  audit_logs: {
    read: (tx, t) => tx`select id from audit_logs where organization_id = ${t.id} limit 1`,
  },
  billing: {
    read: (tx, t) => tx`select id from subscriptions where organization_id = ${t.id}`,
    // Starting a checkout or opening the customer portal: the app asks this first, as the user.
    update: (tx, t) => tx`select * from public.begin_billing_change(${t.id})`,
  },
};

// Receipts of opportunities and their files follow `sales` too: each `sales` operation above also
// does the same to a receipt (and its file), and succeeds only when both do.
const receiptPaths: Partial<Record<string, PermissionOperation>> = {
  read: (tx, t) =>
    tx`select r.id from opportunity_receipts r join opportunity_receipt_files f on f.receipt_id = r.id
       where r.organization_id = ${t.id}`,
  create: async (tx, t) => {
    const [r] = await tx<{ id: string }[]>`
      insert into opportunity_receipts (organization_id, opportunity_id, file_path, content_type)
      values (${t.id}, 'opp-permission', 'receipts/permission.pdf', 'application/pdf') returning id`;
    return tx`insert into opportunity_receipt_files (organization_id, receipt_id, data)
              values (${t.id}, ${r!.id}, ${Buffer.from("%PDF-1.4 permission")}) returning id`;
  },
  update: (tx, t) =>
    tx`update opportunity_receipts set extracted_vendor = extracted_vendor where organization_id = ${t.id} returning id`,
  delete: (tx, t) => tx`delete from opportunity_receipts where organization_id = ${t.id} returning id`,
};
for (const [action, receiptOperation] of Object.entries(receiptPaths)) {
  const salesOperation = permissionPaths.sales![action]!;
  permissionPaths.sales![action] = async (tx, t) => {
    const sales = await salesOperation(tx, t);
    const receipts = await receiptOperation!(tx, t);
    return sales.length && receipts.length ? [...sales, ...receipts] : [];
  };
}
