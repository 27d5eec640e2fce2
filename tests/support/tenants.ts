import { createHash, randomBytes, randomUUID } from "node:crypto";
import type postgres from "postgres";
import { actAs, type Sql, type Tx, type UserClaims } from "@/lib/db/client";
import { createTestUser } from "./db";

/**
 * Test organizations with a member of every role and a row in every tenant table, so the
 * catalog-driven RLS suite and the permission-matrix suite have something to try to reach.
 */

export const ROLES = ["owner", "administrator", "sales", "bot_trainer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type TestTenant = {
  id: string;
  slug: string;
  members: Record<Role, UserClaims & { email: string }>;
  /** A viewer whom the suites change and remove, so the role members stay as they are. */
  target: UserClaims & { email: string };
  userIds: string[];
};

/**
 * `plan` puts the organization on a plan without a subscription (the features of that plan, with
 * the generous limits below): suites of features a plan gates (GoHighLevel, approvals) pass one.
 */
export async function createTenant(
  sql: Sql,
  label = "Tenant",
  { plan = "free" }: { plan?: "free" | "starter" | "professional" | "enterprise" } = {},
): Promise<TestTenant> {
  const owner = await createTestUser(sql);
  const suffix = randomBytes(4).toString("hex");
  const [org] = await sql<{ id: string; slug: string }[]>`
    select id, slug from private.create_organization_for(${owner.sub}, ${`${label} ${suffix}`}, ${`t-${suffix}`})`;
  const members = { owner } as TestTenant["members"];
  for (const role of ROLES.slice(1)) {
    members[role] = await createTestUser(sql);
    await addMember(sql, org!.id, members[role].sub, role);
  }
  const target = await createTestUser(sql);
  await addMember(sql, org!.id, target.sub, "viewer");
  // Generous limits so the suites are not stopped by the free plan.
  await sql`update organizations set max_users = 100, max_workflows = 100, max_bots = 100 where id = ${org!.id}`;
  const tenant: TestTenant = {
    id: org!.id,
    slug: org!.slug,
    members,
    target,
    userIds: [...Object.values(members).map((m) => m.sub), target.sub],
  };
  await seedTenantRows(sql, tenant);
  if (plan !== "free")
    await sql`update organizations set subscription_plan = ${plan} where id = ${tenant.id}`;
  return tenant;
}

export async function addMember(sql: Sql, organizationId: string, userId: string, role: Role): Promise<void> {
  await sql`insert into organization_members (organization_id, user_id, role) values (${organizationId}, ${userId}, ${role})`;
}

export async function deleteTenants(sql: Sql, tenants: TestTenant[]): Promise<void> {
  const orgs = tenants.map((t) => t.id);
  const users = tenants.flatMap((t) => t.userIds);
  // Personal organizations made at sign-up go with their users.
  await sql`delete from organizations where id = any(${orgs}::uuid[]) or created_by = any(${users}::uuid[])`;
  await sql`delete from auth.users where id = any(${users}::uuid[])`;
}

type Row = Record<string, postgres.ParameterOrJSON<never>>;

/**
 * How each tenant table gets a fresh row. The catalog suite fails for a tenant table missing
 * here, so a new table cannot slip past the isolation tests.
 */
export const tenantRowFactories: Record<string, (t: TestTenant) => Row> = {
  team_members: () => ({
    full_name: "Ana Rep",
    email: `rep-${randomUUID().slice(0, 8)}@example.test`,
    external_id: `ghl-${randomUUID()}`,
    member_type: "sales",
    commission_rate: "10",
    commission_type: "percentage",
  }),
  invitations: () => ({
    email: `invitee-${randomUUID().slice(0, 8)}@example.test`,
    role: "viewer",
    token_hash: sha256(randomUUID()),
  }),
  api_keys: (t) => ({
    name: "Fixture key",
    prefix: `of_${randomBytes(5).toString("hex")}`,
    key_hash: sha256(randomUUID()),
    permissions: ["members:read"],
    created_by: t.members.owner.sub,
  }),
  role_permissions: () => ({ role: "viewer", resource: "api_keys", action: "read" }),
  custom_roles: () => ({ name: `Role ${randomUUID().slice(0, 8)}`, permissions: ["contacts:read"] }),
  projects: (t) => ({ id: fixtureId(t, "project"), name: "Fixture project" }),
  // Blueprints (parents first): a private one, so another organization's members never see it.
  blueprints: (t) => ({
    id: fixtureId(t, "blueprint"),
    slug: "fixture-blueprint",
    name: "Fixture blueprint",
  }),
  blueprint_versions: (t) => ({
    id: fixtureId(t, "blueprint_version"),
    blueprint_id: fixtureId(t, "blueprint"),
    version: `1.0.${randomBytes(2).readUInt16BE(0)}`,
    manifest: { format: 1, variables: [], workflows: [], bots: [], agents: [], commission_plans: [] },
  }),
  installed_blueprints: (t) => ({
    id: fixtureId(t, "installed_blueprint"),
    blueprint_name: "Fixture blueprint",
    version: "1.0.0",
  }),
  installed_blueprint_items: (t) => ({
    installed_blueprint_id: fixtureId(t, "installed_blueprint"),
    manifest_key: `workflow:${randomUUID()}`,
    kind: "workflow",
    item_id: fixtureId(t, "workflow"),
    content_hash: sha256("content"),
    source_hash: sha256("source"),
  }),
  // Workflow engine (parents first: rows refer to their parent by the tenant's fixture id).
  workflows: (t) => ({ id: fixtureId(t, "workflow"), name: "Fixture workflow" }),
  workflow_versions: (t) => ({
    id: fixtureId(t, "workflow_version"),
    workflow_id: fixtureId(t, "workflow"),
    version: 1,
    definition: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } },
  }),
  executions: (t) => ({
    id: fixtureId(t, "execution"),
    workflow_id: fixtureId(t, "workflow"),
    workflow_version_id: fixtureId(t, "workflow_version"),
    trigger_type: "manual",
    status: "completed",
  }),
  execution_steps: (t) => ({
    execution_id: fixtureId(t, "execution"),
    step_key: "manual_1",
    node_id: "manual_1",
    node_type: "manual",
    status: "completed",
  }),
  agents: (t) => ({ id: fixtureId(t, "agent"), name: "Fixture agent", instructions: "Be brief." }),
  // Version 1 is the agent's own (its insert trigger writes it).
  agent_versions: (t) => ({
    agent_id: fixtureId(t, "agent"),
    version: 99,
    instructions: "Be brief.",
    temperature: 0.2,
    tools: [],
  }),
  agent_executions: (t) => ({
    execution_id: fixtureId(t, "execution"),
    agent_id: fixtureId(t, "agent"),
    model: "gpt-4o-mini",
    status: "completed",
    tokens_in: 10,
    tokens_out: 5,
  }),
  notifications: (t) => ({
    id: fixtureId(t, "notification"),
    recipient_user_id: t.members.owner.sub,
    title: "Fixture",
    message: "Hello",
  }),
  tenant_usage: () => ({ period_start: "2020-01-01", executions: 1 }),
  webhook_samples: (t) => ({ workflow_id: fixtureId(t, "workflow"), body: { hello: "world" } }),
  workflow_webhook_tokens: (t) => ({
    workflow_id: fixtureId(t, "workflow"),
    token_hash: sha256(randomUUID()),
    token_prefix: "whk_fixtur",
  }),
  // Billing, the mirror of Stripe (an ended subscription: the fixture changes no limits).
  billing_customers: () => ({ stripe_customer_id: `cus_fixture_${randomBytes(6).toString("hex")}` }),
  subscriptions: () => ({
    plan_id: "starter",
    stripe_subscription_id: `sub_fixture_${randomBytes(6).toString("hex")}`,
    stripe_customer_id: `cus_fixture_${randomBytes(6).toString("hex")}`,
    status: "canceled",
    billing_cycle: "monthly",
  }),
  payments: () => ({
    stripe_invoice_id: `in_fixture_${randomBytes(6).toString("hex")}`,
    amount: 2900,
    currency: "usd",
    status: "succeeded",
  }),
  contacts: () => ({
    first_name: "Casey",
    last_name: "Lead",
    email: `lead-${randomUUID().slice(0, 8)}@example.test`,
    source: "manual",
  }),
  // Chatbots (parents first: rows refer to their parent by the tenant's fixture id).
  bots: (t) => ({ id: fixtureId(t, "bot"), name: "Fixture bot" }),
  chatbot_workflows: (t) => ({ bot_id: fixtureId(t, "bot") }),
  documents: (t) => ({
    id: fixtureId(t, "document"),
    bot_id: fixtureId(t, "bot"),
    title: "Fixture FAQ",
    source: "text",
    mime_type: "text/plain",
    status: "ready",
    progress: 100,
    size_bytes: 32,
  }),
  document_files: (t) => ({
    document_id: fixtureId(t, "document"),
    data: `\\x${Buffer.from("Opening hours: 9 to 5.").toString("hex")}`,
  }),
  bot_widget_avatars: (t) => ({
    bot_id: fixtureId(t, "bot"),
    content_type: "image/png",
    data: `\\x${Buffer.from("\x89PNG\r\n\x1a\n").toString("hex")}`,
  }),
  document_chunks: (t) => ({
    bot_id: fixtureId(t, "bot"),
    document_id: fixtureId(t, "document"),
    position: 0,
    content: "Opening hours: 9 to 5.",
    token_count: 6,
  }),
  conversation_sessions: (t) => ({
    id: fixtureId(t, "conversation_session"),
    bot_id: fixtureId(t, "bot"),
    visitor_token_hash: sha256(randomUUID()),
  }),
  conversation_messages: (t) => ({
    session_id: fixtureId(t, "conversation_session"),
    role: "user",
    content: "Hello there",
  }),
  conversation_notes: (t) => ({
    session_id: fixtureId(t, "conversation_session"),
    content: "Called them back.",
  }),
  canned_replies: () => ({
    shortcut: `hours-${randomUUID().slice(0, 8)}`,
    content: "We are open 9 to 5.",
  }),
  usage_records: () => ({
    unit: "bot_messages",
    quantity: 3,
    period_start: "2020-01-01T00:00:00Z",
    period_end: "2020-01-02T00:00:00Z",
  }),
  // Sales and commissions (parents first), all belonging to the fixture rep (fixtureParents).
  sales_transactions: (t) => ({
    id: fixtureId(t, "sale"),
    source: "manual",
    external_id: "fixture-sale",
    team_member_id: fixtureId(t, "commission_rep"),
    amount_minor: 1_200_000,
    currency: "USD",
    paid_at: "2020-01-15T00:00:00Z",
  }),
  opportunity_receipts: (t) => ({
    id: fixtureId(t, "opportunity_receipt"),
    opportunity_id: "opp-fixture",
    transaction_id: fixtureId(t, "sale"),
    file_path: "receipts/fixture.pdf",
    content_type: "application/pdf",
    extraction_status: "typed",
    extraction_method: "manual",
    extracted_amount_minor: 1_200_000,
    extracted_currency: "USD",
    extracted_date: "2020-01-15",
    extracted_vendor: "Fixture Vendor",
  }),
  // The receipt's file (a tiny PDF header is enough: nothing reads it in the suites).
  opportunity_receipt_files: (t) => ({
    receipt_id: fixtureId(t, "opportunity_receipt"),
    data: `\\x${Buffer.from("%PDF-1.4 fixture").toString("hex")}`,
  }),
  commission_plans: (t) => ({ id: fixtureId(t, "commission_plan"), name: "Fixture plan" }),
  commission_rules: (t) => ({
    id: fixtureId(t, "commission_rule"),
    plan_id: fixtureId(t, "commission_plan"),
    name: "Fixture rule",
    kind: "percentage",
    rate_percent: "10",
  }),
  commission_periods: () => ({ period_month: "2019-12-01" }),
  commission_calculations: (t) => ({
    id: fixtureId(t, "commission_calculation"),
    transaction_id: fixtureId(t, "sale"),
    team_member_id: fixtureId(t, "commission_rep"),
    rule_id: fixtureId(t, "commission_rule"),
    period_month: "2020-01-01",
    base_minor: 1_200_000,
    gross_amount_minor: 120_000,
    amount_minor: 120_000,
    currency: "USD",
    explanation: "10% of USD 12,000.00",
  }),
  commission_payouts: (t) => ({
    id: fixtureId(t, "commission_payout"),
    team_member_id: fixtureId(t, "commission_rep"),
    period_month: "2020-01-01",
    currency: "USD",
  }),
  commission_payout_items: (t) => ({
    payout_id: fixtureId(t, "commission_payout"),
    calculation_id: fixtureId(t, "commission_calculation"),
    team_member_id: fixtureId(t, "commission_rep"),
    amount_minor: 120_000,
  }),
  // GoHighLevel integrations (parent first): the credentials are a placeholder, never decrypted.
  integrations: (t) => ({
    id: fixtureId(t, "integration"),
    name: "Fixture GHL",
    location_id: `loc-${t.id.slice(0, 8)}`,
    credentials_ciphertext: "v1:fixture:fixture:fixture",
    credentials_hint: "pit-…0000",
  }),
  webhook_events: (t) => ({
    integration_id: fixtureId(t, "integration"),
    webhook_id: `wh-${randomUUID()}`,
    event_type: "ContactCreate",
    raw_body: "{}",
    signature: "ed25519",
    status: "processed",
  }),
  webhook_endpoints: (t) => ({
    id: fixtureId(t, "webhook_endpoint"),
    url: "https://hooks.example.com/orgflow",
    events: ["contact.created"],
    secret_ciphertext: "v1:fixture:fixture:fixture",
    secret_hint: "whse…xtur",
  }),
  outgoing_events: (t) => ({
    id: fixtureId(t, "outgoing_event"),
    type: "contact.created",
    data: { object: "contact" },
  }),
  webhook_deliveries: (t) => ({
    endpoint_id: fixtureId(t, "webhook_endpoint"),
    event_id: fixtureId(t, "outgoing_event"),
    status: "succeeded",
  }),
  organization_notification_hooks: (t) => ({
    id: fixtureId(t, "notification_hook"),
    channel: "slack",
    url_ciphertext: "v1:fixture:fixture:fixture",
    url_hint: "hooks.slack.com/…xture",
    kinds: ["run_failed"],
  }),
  notification_deliveries: (t) => ({
    notification_id: fixtureId(t, "notification"),
    recipient_user_id: t.members.owner.sub,
    channel: "in_app",
    status: "delivered",
  }),
};

/** A stable id per tenant and fixture name, so child fixtures can point at their parent. */
export function fixtureId(t: Pick<TestTenant, "id">, name: string): string {
  const h = createHash("sha256").update(`${t.id}:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Tables whose rows come from the organization's own life (creation, triggers), not a factory. */
const seededByTheOrganization = new Set([
  "organizations",
  "organization_members",
  "audit_logs",
  "role_permissions",
  // The knowledge base's inverted index and vocabulary, written by triggers from document_chunks' fixture row.
  "document_chunk_terms",
  "document_vocabulary",
]);

/** Rows that fixtures of several tables point at by fixture id, inserted before the factories' rows. */
const fixtureParents: { table: string; row: (t: TestTenant) => Row }[] = [
  // The rep whom the sales and commission fixtures belong to (no login).
  {
    table: "team_members",
    row: (t) => ({
      ...tenantRowFactories.team_members!(t),
      id: fixtureId(t, "commission_rep"),
      full_name: "Fixture Rep",
    }),
  },
];

export async function seedTenantRows(sql: Sql, tenant: TestTenant): Promise<void> {
  for (const parent of fixtureParents) {
    await insertRow(sql, parent.table, { organization_id: tenant.id, ...parent.row(tenant) });
  }
  for (const [table, factory] of Object.entries(tenantRowFactories)) {
    if (table === "role_permissions") continue; // seeded from the defaults when the organization is made
    await insertRow(sql, table, { organization_id: tenant.id, ...factory(tenant) });
  }
}

export function hasRowSource(table: string): boolean {
  return table in tenantRowFactories || seededByTheOrganization.has(table);
}

export async function insertRow(sql: Sql | Tx, table: string, row: Row): Promise<{ id: string }> {
  const [inserted] = await sql<{ id: string }[]>`insert into ${sql(table)} ${sql(row)} returning id::text`;
  return inserted!;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Runs `work` and always rolls back, returning what it returned or the error it threw. */
export async function tryAndRollback<T>(
  sql: Sql,
  work: (tx: Tx) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: { code?: string; message: string } }> {
  const rollback = Symbol("rollback");
  let outcome: { ok: true; value: T } | { ok: false; error: { code?: string; message: string } } | undefined;
  await sql
    .begin(async (tx) => {
      try {
        const value = await work(tx);
        // Deferred constraints would be checked at commit; check them now, as commit would.
        await tx`set constraints all immediate`;
        outcome = { ok: true, value };
      } catch (e) {
        outcome = { ok: false, error: e as { code?: string; message: string } };
      }
      throw rollback;
    })
    .catch((e) => {
      if (e !== rollback) throw e;
    });
  return outcome!;
}

/** As `withUser`, but always rolled back: for trying things in the suites. */
export function tryAsUser<T>(sql: Sql, claims: UserClaims, work: (tx: Tx) => Promise<T>) {
  return tryAndRollback(sql, async (tx) => {
    await actAs(tx, "authenticated", claims);
    return work(tx);
  });
}

export function tryAsAnon<T>(sql: Sql, work: (tx: Tx) => Promise<T>) {
  return tryAndRollback(sql, async (tx) => {
    await actAs(tx, "anon", {});
    return work(tx);
  });
}
