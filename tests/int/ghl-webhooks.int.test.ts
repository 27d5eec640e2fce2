import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ghlWebhook } from "@/app/api/webhooks/ghl/[integrationId]/route";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { processWebhookEvent } from "@/lib/ghl/process";
import { syncRefunds } from "@/lib/ghl/refund-sync";
import { sendSyntheticInvoicePaid, sweepUnqueuedWebhookEvents } from "@/lib/ghl/webhooks";
import * as ghlUsers from "@/lib/integrations/ghl-users";
import * as integrations from "@/lib/integrations/integrations";
import {
  findIntegrationForService,
  type ConnectInput,
  type GhlCredentials,
} from "@/lib/integrations/integrations";
import { testSql } from "@/tests/support/db";
import { awaitExecution, createWorkflow, definition, startTestWorkers } from "@/tests/support/engine";
import { startGhlTestServer, type GhlTestServer, type SignOptions } from "@/tests/support/ghl-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// Each call in one transaction as the member, as the action or page that makes it opens.
const connectGhlIntegration = (claims: UserClaims, organizationId: string, input: ConnectInput) =>
  withUser(claims, (tx) =>
    integrations.connectGhlIntegration(tx, organizationId, { ...input, connectedBy: claims.sub }),
  );
const disconnectIntegration = (claims: UserClaims, organizationId: string, integrationId: string) =>
  withUser(claims, (tx) => integrations.disconnectIntegration(tx, organizationId, integrationId));
const unmappedGhlUsers = (claims: UserClaims, organizationId: string) =>
  withUser(claims, (tx) => ghlUsers.unmappedGhlUsers(tx, organizationId));
const mapGhlUser = (
  claims: UserClaims,
  organizationId: string,
  input: { ghlUserId: string; teamMemberId: string },
) => withUser(claims, (tx) => ghlUsers.mapGhlUser(tx, organizationId, input));

/**
 * GoHighLevel webhooks through the real route handler (POST /api/webhooks/ghl/:integrationId),
 * signed with test key pairs the local GHL server made (its public keys are the app's
 * configuration here), processed by real workers on the queue; refunds found by the sync through
 * the local GHL API; the ghl workflow step with the organization's own credentials.
 */

type Delivery = { status: number; body: Record<string, unknown> };

let sql: Sql;
let ghl: GhlTestServer;
let workers: EngineWorker[] = [];
const tenants: TestTenant[] = [];
const savedEnv = { ...process.env };

type Org = {
  t: TestTenant;
  integrationId: string;
  locationId: string;
  token: string;
  rep: { id: string; ghlUserId: string };
};

async function organization(
  label: string,
  credentials?: (locationId: string) => GhlCredentials,
): Promise<Org> {
  const t = await createTenant(sql, label, { plan: "enterprise" });
  tenants.push(t);
  const locationId = `loc${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const { token } = ghl.addLocation(locationId);
  const { id } = await connectGhlIntegration(t.members.owner, t.id, {
    name: "Main location",
    locationId,
    currency: "USD",
    saleSources: ["invoice", "order", "opportunity"],
    credentials: credentials?.(locationId) ?? { kind: "private_token", token },
  });
  // The tenant's fixture integration (placeholder credentials) is not part of these scenarios.
  await sql`delete from integrations where organization_id = ${t.id} and id <> ${id}`;
  const ghlUserId = `ghl-user-${randomUUID().slice(0, 8)}`;
  const [rep] = await sql<{ id: string }[]>`
    insert into team_members (organization_id, full_name, email, external_id, member_type, commission_rate, commission_type)
    values (${t.id}, 'Ana Closer', ${`ana-${randomUUID().slice(0, 6)}@example.test`}, ${ghlUserId}, 'sales', 10, 'percentage')
    returning id`;
  return { t, integrationId: id, locationId, token, rep: { id: rep!.id, ghlUserId } };
}

async function send(integrationId: string, body: string, headers: Record<string, string>): Promise<Delivery> {
  const res = await ghlWebhook(
    new NextRequest(`http://localhost/api/webhooks/ghl/${integrationId}`, { method: "POST", body, headers }),
    { params: Promise.resolve({ integrationId }) },
  );
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function deliver(org: Org, payload: Record<string, unknown> | string, options?: SignOptions) {
  const { body, headers } = ghl.signed(payload, options);
  return send(org.integrationId, body, headers);
}

function invoicePaid(
  org: Org,
  overrides: Record<string, unknown> = {},
  options: { timestamp?: Date; webhookId?: string } = {},
) {
  return ghl.webhook(
    "InvoicePaid",
    {
      _id: `inv_${randomUUID().slice(0, 12)}`,
      altId: org.locationId,
      altType: "location",
      status: "paid",
      name: "Website build",
      invoiceNumber: "INV-0042",
      currency: "USD",
      total: 12000,
      amountPaid: 12000,
      assignedTo: org.rep.ghlUserId,
      contactDetails: {
        id: `c_${randomUUID().slice(0, 10)}`,
        name: "Carla Buyer",
        email: `carla-${randomUUID().slice(0, 6)}@example.test`,
        phoneNo: "+1 555 0100",
      },
      invoiceItems: [{ name: "Website", qty: 1, amount: 12000, currency: "USD" }],
      ...overrides,
    },
    options,
  );
}

async function eventRow(integrationId: string, webhookId: string) {
  const [row] =
    await sql`select * from webhook_events where integration_id = ${integrationId} and webhook_id = ${webhookId}`;
  return row;
}

/** Resolves when the stored event has left `received` (processed by the workers). */
async function settled(integrationId: string, webhookId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await eventRow(integrationId, webhookId);
    if (row && row.status !== "received") return row;
    if (Date.now() > deadline) throw new Error(`webhook ${webhookId} still ${row?.status ?? "missing"}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function salesOf(orgId: string) {
  return sql`select * from sales_transactions where organization_id = ${orgId} and source like 'ghl_%' order by created_at`;
}

async function calculationsOf(transactionId: string) {
  return sql`select * from commission_calculations where transaction_id = ${transactionId} order by created_at, id`;
}

/** What a refused delivery must not have touched. */
async function sideEffects(org: Org) {
  const [row] = await sql`
    select (select count(*)::int from sales_transactions where organization_id = ${org.t.id} and source like 'ghl_%') as sales,
           (select count(*)::int from contacts where organization_id = ${org.t.id} and source = 'ghl') as contacts,
           (select count(*)::int from webhook_events where integration_id = ${org.integrationId} and status <> 'rejected') as inbox`;
  return row!;
}

beforeAll(async () => {
  sql = testSql();
  ghl = await startGhlTestServer();
  Object.assign(process.env, ghl.env);
  workers = await startTestWorkers(2);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
  await deleteTenants(sql, tenants);
  await sql.end();
  await ghl.close();
  process.env = savedEnv;
});

describe("POST /api/webhooks/ghl/:integrationId", () => {
  it("stores a signed InvoicePaid, answers 202 at once, and processes it once: transaction, commissions, contact, payment.received", async () => {
    const org = await organization("Valid");
    const wf = await createWorkflow(
      sql,
      org.t.id,
      definition(
        [{ id: "event_1", type: "event", config: { event: "payment.received", status: "any" } }],
        [],
      ),
      "On payment",
    );
    const payload = invoicePaid(org);
    const res = await deliver(org, payload);
    expect(res).toMatchObject({
      status: 202,
      body: { received: true, id: payload.webhookId, type: "InvoicePaid", outcome: "queued" },
    });

    const row = await settled(org.integrationId, payload.webhookId as string);
    expect(row).toMatchObject({ status: "processed", signature: "ed25519", deliveries: 1, attempts: 1 });
    expect(row!.processed_at).toBeInstanceOf(Date);

    const sales = await salesOf(org.t.id);
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({
      source: "ghl_invoice",
      external_id: payload._id,
      team_member_id: org.rep.id,
      ghl_user_id: org.rep.ghlUserId,
      amount_minor: "1200000",
      currency: "USD",
      status: "paid",
    });
    expect((sales[0]!.paid_at as Date).toISOString()).toBe(payload.timestamp);
    const calcs = await calculationsOf(sales[0]!.id as string);
    expect(calcs.length).toBeGreaterThan(0);
    expect(calcs.every((c) => c.status === "pending" && c.team_member_id === org.rep.id)).toBe(true);
    expect(row!.result).toMatchObject({
      transactionId: sales[0]!.id,
      transactionCreated: true,
      calculations: calcs.length,
    });

    const [contact] =
      await sql`select * from contacts where organization_id = ${org.t.id} and ghl_contact_id = ${(payload.contactDetails as { id: string }).id}`;
    expect(contact).toMatchObject({ first_name: "Carla", last_name: "Buyer", source: "ghl" });
    expect(sales[0]!.contact_id).toBe(contact!.id);

    // payment.received started the organization's workflow, after commit.
    const deadline = Date.now() + 10_000;
    let runs: { id: string; input: unknown }[] = [];
    while (Date.now() < deadline && runs.length === 0) {
      runs = await sql<
        { id: string; input: unknown }[]
      >`select id, trigger_input as input from executions where workflow_id = ${wf}`;
      if (runs.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(runs).toHaveLength(1);
    expect((runs[0]!.input as { payment: Record<string, unknown> }).payment).toMatchObject({
      id: sales[0]!.id,
      amount: 12000,
      amount_minor: 1200000,
      currency: "USD",
      source: "ghl",
      invoice_id: payload._id,
    });
  });

  it("accepts the legacy RSA x-wh-signature when there is no Ed25519 signature", async () => {
    const org = await organization("Legacy RSA");
    const payload = invoicePaid(org);
    expect((await deliver(org, payload, { scheme: "rsa" })).status).toBe(202);
    const row = await settled(org.integrationId, payload.webhookId as string);
    expect(row).toMatchObject({ status: "processed", signature: "rsa" });
    expect(await salesOf(org.t.id)).toHaveLength(1);
  });

  it("takes the RSA signature when the Ed25519 one does not match (both headers sent)", async () => {
    const org = await organization("Both headers");
    const payload = invoicePaid(org);
    const { body } = ghl.signed(payload);
    const forged = ghl.sign(body, { keys: ghl.otherKeys(), scheme: "ed25519" });
    const rsa = ghl.sign(body, { scheme: "rsa" });
    const res = await send(org.integrationId, body, {
      "content-type": "application/json",
      ...forged,
      ...rsa,
    });
    expect(res.status).toBe(202);
    expect(await settled(org.integrationId, payload.webhookId as string)).toMatchObject({ signature: "rsa" });
  });

  it("makes one transaction and one set of commissions when the same webhook arrives 3 times at once", async () => {
    const org = await organization("Concurrent");
    const payload = invoicePaid(org);
    const { body, headers } = ghl.signed(payload);
    const results = await Promise.all([1, 2, 3].map(() => send(org.integrationId, body, headers)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 202]);
    expect(results.map((r) => r.body.outcome).sort()).toEqual(["duplicate", "duplicate", "queued"]);

    const row = await settled(org.integrationId, payload.webhookId as string);
    expect(row).toMatchObject({ status: "processed", deliveries: 3, attempts: 1 });
    // A late fourth delivery changes nothing either.
    expect((await send(org.integrationId, body, headers)).body.outcome).toBe("duplicate");
    await new Promise((r) => setTimeout(r, 300));
    const sales = await salesOf(org.t.id);
    expect(sales).toHaveLength(1);
    const calcs = await calculationsOf(sales[0]!.id as string);
    expect(calcs.length).toBeGreaterThan(0);
    const [{ n }] =
      (await sql`select count(*)::int as n from webhook_events where integration_id = ${org.integrationId}`) as unknown as [
        { n: number },
      ];
    expect(n).toBe(1);
  });

  it("processes a stored event once even when its job runs 3 times at once", async () => {
    const org = await organization("Job race");
    const payload = invoicePaid(org);
    const [stored] = await sql<{ id: string }[]>`
      insert into webhook_events (organization_id, integration_id, webhook_id, event_type, location_id, raw_body, signature, status)
      values (${org.t.id}, ${org.integrationId}, ${payload.webhookId as string}, 'InvoicePaid', ${org.locationId},
              ${JSON.stringify(payload)}, 'ed25519', 'received')
      returning id`;
    const outcomes = await Promise.all([1, 2, 3].map(() => processWebhookEvent(stored!.id)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["done", "skipped", "skipped"]);
    const sales = await salesOf(org.t.id);
    expect(sales).toHaveLength(1);
    const first = await calculationsOf(sales[0]!.id as string);
    expect(first.length).toBeGreaterThan(0);
    // Processing it again later (a retried job) is a no-op too.
    expect((await processWebhookEvent(stored!.id)).kind).toBe("skipped");
    expect(await calculationsOf(sales[0]!.id as string)).toHaveLength(first.length);
  });

  describe("refuses or ignores, with a stored reason, no side effect, never a 500", () => {
    it("a bad signature (someone else's key): 401", async () => {
      const org = await organization("Forged");
      const before = await sideEffects(org);
      const res = await deliver(org, invoicePaid(org), { keys: ghl.otherKeys(), scheme: "both" });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        error: { code: "unauthenticated", message: expect.stringContaining("signature") },
      });
      const [rejected] =
        await sql`select * from webhook_events where integration_id = ${org.integrationId} and status = 'rejected'`;
      expect(rejected).toMatchObject({
        signature: "invalid",
        webhook_id: null,
        reason: expect.stringContaining("does not match"),
      });
      expect(await sideEffects(org)).toEqual(before);
    });

    it("a body changed after signing: 401", async () => {
      const org = await organization("Tampered");
      const { body, headers } = ghl.signed(invoicePaid(org));
      const res = await send(
        org.integrationId,
        body.replace('"amountPaid":12000', '"amountPaid":99000'),
        headers,
      );
      expect(res.status).toBe(401);
      expect(await sideEffects(org)).toMatchObject({ sales: 0, inbox: 0 });
    });

    it("no signature at all: 401", async () => {
      const org = await organization("Unsigned");
      const res = await send(org.integrationId, JSON.stringify(invoicePaid(org)), {
        "content-type": "application/json",
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { message: expect.stringContaining("x-ghl-signature") } });
      const [rejected] =
        await sql`select signature, reason from webhook_events where integration_id = ${org.integrationId}`;
      expect(rejected).toMatchObject({ signature: "missing" });
      expect(await sideEffects(org)).toMatchObject({ sales: 0, inbox: 0 });
    });

    it("a stale timestamp (a replay of a genuine delivery): 400", async () => {
      const org = await organization("Stale");
      const payload = invoicePaid(org, {}, { timestamp: new Date(Date.now() - 10 * 60_000) });
      const res = await deliver(org, payload);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { message: expect.stringContaining("replay") } });
      const [rejected] = await sql`select * from webhook_events where integration_id = ${org.integrationId}`;
      expect(rejected).toMatchObject({
        status: "rejected",
        signature: "ed25519",
        webhook_id: null,
        event_type: "InvoicePaid",
      });
      expect(await sideEffects(org)).toMatchObject({ sales: 0, contacts: 0, inbox: 0 });
      // The refusal does not hold the webhookId: a fresh genuine delivery with it still goes through.
      const fresh = { ...payload, timestamp: new Date().toISOString() };
      expect((await deliver(org, fresh)).status).toBe(202);
      await settled(org.integrationId, payload.webhookId as string);
      expect(await salesOf(org.t.id)).toHaveLength(1);
    });

    it("a timestamp far in the future: 400", async () => {
      const org = await organization("Future");
      const res = await deliver(org, invoicePaid(org, {}, { timestamp: new Date(Date.now() + 60 * 60_000) }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { message: expect.stringContaining("in the future") } });
    });

    it("malformed JSON (correctly signed): 400", async () => {
      const org = await organization("Malformed");
      const res = await deliver(org, '{"type":"InvoicePaid","webhookId":');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: "bad_request", message: "The body is not a JSON object." },
      });
      const [rejected] = await sql`select * from webhook_events where integration_id = ${org.integrationId}`;
      expect(rejected).toMatchObject({ status: "rejected", reason: "The body is not a JSON object." });
      expect(await sideEffects(org)).toMatchObject({ sales: 0, inbox: 0 });
    });

    it("JSON without a webhookId or timestamp: 400", async () => {
      const org = await organization("No envelope");
      const res = await deliver(org, { type: "InvoicePaid", _id: "inv_x", altId: org.locationId });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { message: expect.stringContaining("webhookId") } });
    });

    it("an event type Orgflow does not act on: stored as ignored with why, 200, nothing else", async () => {
      const org = await organization("Unknown type");
      const payload = ghl.webhook("NoteCreate", { locationId: org.locationId, id: "note_1", body: "Hi" });
      const res = await deliver(org, payload);
      expect(res).toMatchObject({
        status: 200,
        body: { outcome: "ignored", detail: expect.stringContaining("NoteCreate") },
      });
      const row = await eventRow(org.integrationId, payload.webhookId as string);
      expect(row).toMatchObject({
        status: "ignored",
        reason: expect.stringContaining("does not act on"),
        attempts: 0,
      });
      expect(await sideEffects(org)).toMatchObject({ sales: 0, contacts: 0, inbox: 1 });
      const [{ n }] =
        (await sql`select count(*)::int as n from graphile_worker.jobs where key = ${`ghl-webhook:${row!.id}`}`) as unknown as [
          { n: number },
        ];
      expect(n).toBe(0);
    });

    it("an event for another GHL location: 403", async () => {
      const org = await organization("Wrong location");
      const res = await deliver(org, invoicePaid(org, { altId: "someOtherLocation" }));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { message: expect.stringContaining("someOtherLocation") } });
      expect(await sideEffects(org)).toMatchObject({ sales: 0, inbox: 0 });
    });

    it("a sale or contact event that names no location (it could be another GHL customer's): 400", async () => {
      // GHL signs every customer's webhooks with one key: without a location nothing ties a genuine
      // delivery to this integration's organization.
      const org = await organization("No location");
      const { altId: _altId, ...sale } = invoicePaid(org);
      const contact = ghl.webhook("ContactCreate", {
        id: `c_${randomUUID().slice(0, 8)}`,
        email: "x@example.test",
      });
      for (const payload of [sale, contact]) {
        const res = await deliver(org, payload);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: { message: expect.stringContaining("location") } });
      }
      const rejected =
        await sql`select status from webhook_events where integration_id = ${org.integrationId}`;
      expect(rejected.map((r) => r.status)).toEqual(["rejected", "rejected"]);
      expect(await sideEffects(org)).toMatchObject({ sales: 0, contacts: 0, inbox: 0 });
    });

    it("an unknown integration id or a non-uuid: 404; a disconnected integration: 410", async () => {
      const org = await organization("Addresses");
      const { body, headers } = ghl.signed(invoicePaid(org));
      expect((await send(randomUUID(), body, headers)).status).toBe(404);
      expect((await send("not-a-uuid", body, headers)).status).toBe(404);
      await disconnectIntegration(org.t.members.owner, org.t.id, org.integrationId);
      const gone = await send(org.integrationId, body, headers);
      expect(gone.status).toBe(410);
      expect(await sideEffects(org)).toMatchObject({ sales: 0, inbox: 0 });
    });

    it("an empty or oversized body: 400 / 413", async () => {
      const org = await organization("Sizes");
      expect((await send(org.integrationId, "", { "content-type": "application/json" })).status).toBe(400);
      const huge = JSON.stringify(invoicePaid(org, { notes: "x".repeat(600 * 1024) }));
      expect((await send(org.integrationId, huge, ghl.sign(huge))).status).toBe(413);
      // Streamed without a length, an endless body is cut off at the cap, not buffered whole.
      const endless = new ReadableStream<Uint8Array>({
        pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024).fill(32)),
      });
      const streamed = await ghlWebhook(
        new NextRequest(`http://localhost/api/webhooks/ghl/${org.integrationId}`, {
          method: "POST",
          body: endless,
          duplex: "half",
          headers: { "content-type": "application/json" },
        } as ConstructorParameters<typeof NextRequest>[1]),
        { params: Promise.resolve({ integrationId: org.integrationId }) },
      );
      expect(streamed.status).toBe(413);
    });

    it("a genuine event whose content is unusable: stored as failed with why, no sale", async () => {
      const org = await organization("Bad content");
      const payload = invoicePaid(org, { amountPaid: null, total: null });
      expect((await deliver(org, payload)).status).toBe(202);
      const row = await settled(org.integrationId, payload.webhookId as string);
      expect(row).toMatchObject({ status: "failed", reason: expect.stringContaining("amountPaid") });
      expect(await salesOf(org.t.id)).toHaveLength(0);
    });
  });

  it("keeps contacts in sync from ContactCreate / ContactUpdate and maps the GHL owner to a team member", async () => {
    const org = await organization("Contacts");
    const ghlContactId = `c_${randomUUID().slice(0, 10)}`;
    const email = `dana-${randomUUID().slice(0, 6)}@example.test`;
    const create = ghl.webhook("ContactCreate", {
      locationId: org.locationId,
      id: ghlContactId,
      firstName: "Dana",
      lastName: "Lead",
      email,
      phone: "+1 555 0199",
      tags: ["webinar"],
      assignedTo: org.rep.ghlUserId,
    });
    expect((await deliver(org, create)).status).toBe(202);
    expect(await settled(org.integrationId, create.webhookId as string)).toMatchObject({
      status: "processed",
    });
    const update = ghl.webhook("ContactUpdate", {
      locationId: org.locationId,
      id: ghlContactId,
      lastName: "Customer",
      tags: ["vip"],
    });
    expect((await deliver(org, update)).status).toBe(202);
    await settled(org.integrationId, update.webhookId as string);
    const rows =
      await sql`select * from contacts where organization_id = ${org.t.id} and ghl_contact_id = ${ghlContactId}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      first_name: "Dana",
      last_name: "Customer",
      email,
      tags: ["vip", "webinar"],
      assigned_team_member_id: org.rep.id,
    });
  });

  it("records a won opportunity as a sale and emits opportunity.status_changed for every status", async () => {
    const org = await organization("Opportunities");
    const wf = await createWorkflow(
      sql,
      org.t.id,
      definition(
        [{ id: "event_1", type: "event", config: { event: "opportunity.status_changed", status: "any" } }],
        [],
      ),
    );
    const oppId = `opp_${randomUUID().slice(0, 10)}`;
    const base = {
      locationId: org.locationId,
      id: oppId,
      name: "Big deal",
      assignedTo: org.rep.ghlUserId,
      monetaryValue: 5000.5,
      pipelineId: "p1",
    };
    const lost = ghl.webhook("OpportunityStatusUpdate", { ...base, status: "lost" });
    await deliver(org, lost);
    expect(await settled(org.integrationId, lost.webhookId as string)).toMatchObject({
      status: "processed",
      reason: expect.stringContaining("not a sale"),
    });
    expect(await salesOf(org.t.id)).toHaveLength(0);
    const won = ghl.webhook("OpportunityStatusUpdate", { ...base, status: "won" });
    await deliver(org, won);
    await settled(org.integrationId, won.webhookId as string);
    const sales = await salesOf(org.t.id);
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({
      source: "ghl_opportunity",
      external_id: oppId,
      opportunity_id: oppId,
      amount_minor: "500050",
      team_member_id: org.rep.id,
    });
    const deadline = Date.now() + 10_000;
    let runs: { id: string }[] = [];
    while (Date.now() < deadline && runs.length < 2) {
      runs = await sql<{ id: string }[]>`select id from executions where workflow_id = ${wf}`;
      if (runs.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(runs).toHaveLength(2);
  });

  it("lists a sale's unknown GHL user for mapping; mapping assigns the sale and computes its commission", async () => {
    const org = await organization("Unmapped");
    const stranger = `ghl-user-${randomUUID().slice(0, 8)}`;
    const payload = invoicePaid(org, { assignedTo: stranger });
    await deliver(org, payload);
    const row = await settled(org.integrationId, payload.webhookId as string);
    expect(row).toMatchObject({ status: "processed", reason: expect.stringContaining(stranger) });
    const [sale] = await salesOf(org.t.id);
    expect(sale).toMatchObject({ team_member_id: null, ghl_user_id: stranger });
    expect(await calculationsOf(sale!.id as string)).toHaveLength(0);

    expect(await unmappedGhlUsers(org.t.members.administrator, org.t.id)).toEqual([
      { ghlUserId: stranger, transactions: 1, totalMinor: 1200000, currency: "USD" },
    ]);
    const [bo] = await sql<{ id: string }[]>`
      insert into team_members (organization_id, full_name, member_type, commission_rate) values (${org.t.id}, 'Bo New', 'sales', 5) returning id`;
    const mapped = await mapGhlUser(org.t.members.administrator, org.t.id, {
      ghlUserId: stranger,
      teamMemberId: bo!.id,
    });
    expect(mapped.assigned).toBe(1);
    expect(mapped.calculations).toBeGreaterThan(0);
    expect(await unmappedGhlUsers(org.t.members.administrator, org.t.id)).toEqual([]);
    const [after] = await sql`select team_member_id from sales_transactions where id = ${sale!.id}`;
    expect(after!.team_member_id).toBe(bo!.id);
    // A viewer may not map.
    await expect(
      mapGhlUser(org.t.members.viewer, org.t.id, { ghlUserId: "x", teamMemberId: bo!.id }),
    ).rejects.toThrow();
  });

  it("re-queues a stored event whose job failed for good before recording the outcome", async () => {
    const org = await organization("Sweep");
    const payload = invoicePaid(org);
    const [stored] = await sql<{ id: string }[]>`
      insert into webhook_events (organization_id, integration_id, webhook_id, event_type, location_id, raw_body,
                                  signature, status, received_at)
      values (${org.t.id}, ${org.integrationId}, ${payload.webhookId as string}, 'InvoicePaid', ${org.locationId},
              ${JSON.stringify(payload)}, 'ed25519', 'received', now() - interval '2 minutes')
      returning id`;
    const key = `ghl-webhook:${stored!.id}`;
    // Its job ran out of attempts (e.g. the database went away mid-way): it stays under its key.
    await sql`select graphile_worker.add_job('ghl_process_webhook', ${sql.json({ eventId: stored!.id })}::json,
                                             run_at => now() + interval '1 day', job_key => ${key})`;
    await sql`update graphile_worker._private_jobs set attempts = max_attempts where key = ${key}`;
    expect(await sweepUnqueuedWebhookEvents()).toBeGreaterThanOrEqual(1);
    expect(await settled(org.integrationId, payload.webhookId as string, 10_000)).toMatchObject({
      status: "processed",
    });
    expect(await salesOf(org.t.id)).toHaveLength(1);
  });

  it("the test-event button's synthetic InvoicePaid goes through the same processing", async () => {
    const org = await organization("Test event");
    const integration = await findIntegrationForService(org.integrationId);
    const { eventId, invoiceId } = await sendSyntheticInvoicePaid(integration!, {
      amountMinor: 100,
      ghlUserId: org.rep.ghlUserId,
    });
    const deadline = Date.now() + 20_000;
    let status = "received";
    while (status === "received" && Date.now() < deadline) {
      [{ status }] = (await sql`select status from webhook_events where id = ${eventId}`) as unknown as [
        { status: string },
      ];
      if (status === "received") await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe("processed");
    const [sale] = await salesOf(org.t.id);
    expect(sale).toMatchObject({ external_id: invoiceId, amount_minor: "100", team_member_id: org.rep.id });
  });
});

describe("refund sync (GET /payments/transactions)", () => {
  it("claws commissions back for a refund found in GHL's transactions, once", async () => {
    const org = await organization("Refunds");
    const payload = invoicePaid(org);
    await deliver(org, payload);
    await settled(org.integrationId, payload.webhookId as string);
    const [sale] = await salesOf(org.t.id);
    const before = await calculationsOf(sale!.id as string);
    expect(before.length).toBeGreaterThan(0);

    const paid = ghl.addTransaction({
      altId: org.locationId,
      entityType: "invoice",
      entityId: payload._id as string,
      amount: 12000,
    });
    ghl.addTransaction({
      altId: org.locationId,
      entityType: "order",
      entityId: "order-not-ours",
      amount: 50,
      amountRefunded: 50,
      status: "refunded",
    });
    ghl.refund(paid._id, 3000);

    const first = await syncRefunds(org.integrationId);
    expect(first).toMatchObject({ scanned: 2, refunded: 2, unmatched: 1, errors: [] });
    expect(first!.clawbacks).toBeGreaterThan(0);
    const [refunded] =
      await sql`select refunded_amount_minor, status from sales_transactions where id = ${sale!.id}`;
    expect(refunded).toMatchObject({ refunded_amount_minor: "300000", status: "partially_refunded" });
    const netAfter = (await calculationsOf(sale!.id as string)).reduce(
      (sum, c) => sum + BigInt(c.amount_minor as string),
      0n,
    );
    const netBefore = before.reduce((sum, c) => sum + BigInt(c.amount_minor as string), 0n);
    expect(netAfter).toBe((netBefore * 3n) / 4n);

    // Syncing again finds the same refund: nothing changes.
    const again = await syncRefunds(org.integrationId);
    expect(again!.clawbacks).toBe(0);
    const [integration] =
      await sql`select last_sync_at, status from integrations where id = ${org.integrationId}`;
    expect(integration!.last_sync_at).toBeInstanceOf(Date);
    expect(integration!.status).toBe("active");

    // Every call carried the organization's token and GHL's Version header.
    const calls = ghl.requests.filter(
      (r) => r.path === "/payments/transactions" && r.query.altId === org.locationId,
    );
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      expect(call.authorization).toBe(`Bearer ${org.token}`);
      expect(call.version).toBe("2021-07-28");
      expect(call.query.altType).toBe("location");
    }
  });

  it("marks the integration in error when GHL refuses its credentials", async () => {
    const org = await organization("Revoked", () => ({ kind: "private_token", token: "pit-revoked" }));
    await expect(syncRefunds(org.integrationId)).rejects.toThrow(/401/);
    const [row] = await sql`select status, status_message from integrations where id = ${org.integrationId}`;
    expect(row).toMatchObject({
      status: "error",
      status_message: expect.stringContaining("refused the credentials"),
    });
  });

  it("refreshes OAuth tokens, storing the rotated refresh token encrypted", async () => {
    const org = await organization("OAuth", (locationId) => ({
      kind: "oauth",
      ...ghl.addOAuthInstall(locationId),
    }));
    await syncRefunds(org.integrationId);
    await syncRefunds(org.integrationId);
    const refreshes = ghl.requests.filter((r) => r.path === "/oauth/token");
    const lists = ghl.requests.filter(
      (r) => r.path === "/payments/transactions" && r.query.altId === org.locationId,
    );
    expect(lists).toHaveLength(2);
    // The access token from the one refresh is reused by the second sync.
    expect(refreshes.filter((r) => String(r.body).includes("refresh_token"))).toHaveLength(1);
    expect(lists[0]!.authorization).toMatch(/^Bearer oauth-at-/);
    expect(lists[1]!.authorization).toBe(lists[0]!.authorization);
  });
});

describe("the ghl workflow step", () => {
  /** Runs a manual → ghl_1 workflow of the organization with this step config and run input. */
  async function runGhlStep(org: Org, config: Record<string, unknown>, input: Record<string, unknown>) {
    const wf = await createWorkflow(
      sql,
      org.t.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "ghl_1", type: "ghl", config },
        ],
        [["manual_1", "ghl_1"]],
      ),
    );
    const { executionId } = await startExecution({
      organizationId: org.t.id,
      workflowId: wf,
      triggerType: "manual",
      input: { input },
    });
    return awaitExecution(sql, executionId);
  }

  it("calls GHL with the organization's own integration credentials", async () => {
    const org = await organization("Workflow step");
    const email = `eve-${randomUUID().slice(0, 6)}@example.test`;
    const { execution, steps } = await runGhlStep(
      org,
      { operation: "upsert_contact", email: "{{ trigger.input.email }}", first_name: "Eve", tags: "vip" },
      { email },
    );
    expect(execution.status, JSON.stringify([execution.error, steps.map((s) => [s.node_id, s.error])])).toBe(
      "completed",
    );
    const step = steps.find((s) => s.node_id === "ghl_1");
    expect(step!.output).toMatchObject({ status: 201, created: true, contact_id: expect.any(String) });
    const call = ghl.requests.find(
      (r) => r.path === "/contacts/upsert" && (r.body as { email?: string }).email === email,
    );
    expect(call).toMatchObject({ authorization: `Bearer ${org.token}`, version: "2021-07-28" });
    expect(call!.body).toMatchObject({ locationId: org.locationId, firstName: "Eve", tags: ["vip"] });
  });

  it("sends a text message through the Conversations API, with its own Version header", async () => {
    const org = await organization("Workflow step SMS");
    const contactId = `c${randomUUID().replaceAll("-", "").slice(0, 15)}`;
    ghl.contacts.set(contactId, { id: contactId, locationId: org.locationId, phone: "+15550100", tags: [] });
    const { execution, steps } = await runGhlStep(
      org,
      { operation: "send_sms", contact_id: "{{ trigger.input.contact }}", message: "Sorry we missed you!" },
      { contact: contactId },
    );
    expect(execution.status, JSON.stringify(steps.map((s) => [s.node_id, s.error]))).toBe("completed");
    const step = steps.find((s) => s.node_id === "ghl_1");
    const sent = [...ghl.messages.values()].find((m) => m.contactId === contactId);
    expect(sent).toMatchObject({ type: "SMS", body: "Sorry we missed you!", locationId: org.locationId });
    expect(step!.output).toMatchObject({
      status: 201,
      message_id: sent!.id,
      conversation_id: `conv-${contactId}`,
    });
    const call = ghl.requests.find(
      (r) =>
        r.path === "/conversations/messages" &&
        r.body &&
        (r.body as { contactId?: string }).contactId === contactId,
    );
    expect(call).toMatchObject({ authorization: `Bearer ${org.token}`, version: "2021-04-15" });
  });

  it("refuses a contact id from the run's input that would change the API path", async () => {
    const org = await organization("Workflow step path");
    const before = ghl.requests.length;
    const { execution, steps } = await runGhlStep(
      org,
      { operation: "add_tag", contact_id: "{{ trigger.input.contact }}", tags: "vip" },
      { contact: ".." },
    );
    expect(execution.status).toBe("failed");
    expect(steps.find((s) => s.node_id === "ghl_1")!.error).toMatch(/not a GoHighLevel id/);
    expect(ghl.requests.slice(before).filter((r) => r.path.endsWith("/tags"))).toEqual([]);
  });
});
