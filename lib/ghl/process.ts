import { z, ZodError } from "zod";
import { recordSale, type SaleResult } from "@/lib/commissions/ingest";
import { upsertContact, type ContactInput, type ContactRow } from "@/lib/contacts/upsert";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { queueAppEventTx } from "@/lib/queue/app-events";
import { withQueueInstalled } from "@/lib/queue/queue";
import { AppError } from "@/lib/errors";
import { findIntegrationForService, type IntegrationForService } from "@/lib/integrations/integrations";
import {
  contactSchema,
  envelopeSchema,
  EventShapeError,
  ignoredReason,
  invoicePaidSchema,
  opportunitySchema,
  orderCreateSchema,
  parseEventObject,
  type GhlEnvelope,
} from "./events";
import { toMajorUnits, toMinorUnits } from "./money";

/**
 * Processing a stored GHL webhook event (the `ghl_process_webhook` job), once: the event row is
 * locked and only an event still `received` (or `failed`, when retried by hand) is handled, in
 * the same transaction that records its outcome, so three deliveries racing, or a job run twice,
 * make one transaction and one set of commissions. The handling runs under a savepoint: when it
 * fails, its writes are undone and the failure is recorded with the event. Bad content (a
 * missing amount, an invalid field) fails for good; anything else is retried by the queue with
 * backoff and marked failed on the last attempt. App events are queued in the same transaction
 * (lib/engine/app-events.ts): workflows hear of a sale only once it is committed, and always.
 *
 *   InvoicePaid / OrderCreate / OpportunityStatusUpdate (won) → recordSale (lib/commissions)
 *   ContactCreate / ContactUpdate / ContactTagUpdate          → upsertContact (lib/contacts)
 */

type AppEventToEmit = { event: string; payload: Record<string, unknown> };

type Handled = {
  outcome: "processed" | "ignored";
  reason?: string | null;
  result?: Record<string, unknown>;
  effects?: AppEventToEmit[];
};

export type ProcessOutcome =
  | { kind: "skipped"; status: string | null }
  | { kind: "done"; status: "processed" | "ignored"; result: Record<string, unknown>; emitted: string[] }
  | { kind: "failed"; error: string }
  | { kind: "retry"; error: unknown };

type EventRow = {
  id: string;
  organization_id: string;
  integration_id: string;
  event_type: string | null;
  raw_body: string;
  status: string;
  signature: string;
};

export async function processWebhookEvent(
  eventId: string,
  options: { finalAttempt?: boolean; db?: Sql } = {},
): Promise<ProcessOutcome> {
  if (!z.uuid().safeParse(eventId).success) return { kind: "skipped", status: null };
  const db = options.db ?? defaultSql();
  return withQueueInstalled(db, () =>
    withServiceRoleBypassingRls((tx) => processLocked(tx, eventId, options.finalAttempt === true), db),
  );
}

async function processLocked(tx: Tx, eventId: string, finalAttempt: boolean): Promise<ProcessOutcome> {
  const [row] = await tx<EventRow[]>`
    select id, organization_id, integration_id, event_type, raw_body, status, signature
    from public.webhook_events where id = ${eventId}
    for update`;
  if (!row || (row.status !== "received" && row.status !== "failed")) {
    return { kind: "skipped", status: row?.status ?? null } as const;
  }
  let handled: Handled;
  try {
    handled = await tx.savepoint((sp) => handleEvent(sp, row));
  } catch (e) {
    const permanent = isPermanent(e) || finalAttempt;
    const message = failureMessage(e);
    await tx`
      update public.webhook_events
      set status = ${permanent ? "failed" : "received"}, reason = ${message.slice(0, 2000)},
          attempts = attempts + 1, processed_at = ${permanent ? new Date() : null}
      where id = ${row.id}`;
    if (!permanent && !(e instanceof AppError)) console.error(`[ghl] processing ${row.id} failed:`, e);
    return permanent ? ({ kind: "failed", error: message } as const) : ({ kind: "retry", error: e } as const);
  }
  await tx`
    update public.webhook_events
    set status = ${handled.outcome}, reason = ${handled.reason ?? null}, result = ${tx.json((handled.result ?? {}) as never)},
        attempts = attempts + 1, processed_at = now()
    where id = ${row.id}`;
  const emitted: string[] = [];
  for (const e of handled.effects ?? []) {
    await queueAppEventTx(tx, { kind: "event", organizationId: row.organization_id, ...e });
    emitted.push(e.event);
  }
  return { kind: "done", status: handled.outcome, result: handled.result ?? {}, emitted };
}

function isPermanent(e: unknown): boolean {
  if (e instanceof EventShapeError || e instanceof ZodError || e instanceof RangeError) return true;
  if (e instanceof AppError) return e.status < 500 && e.code !== "conflict" && e.code !== "rate_limited";
  const code = (e as { code?: unknown }).code;
  // Check violations and bad values in our own data will not get better by retrying.
  return typeof code === "string" && (code === "23514" || code.startsWith("22"));
}

function failureMessage(e: unknown): string {
  if (e instanceof AppError || e instanceof EventShapeError || e instanceof RangeError) return e.message;
  if (e instanceof ZodError)
    return `Invalid content: ${e.issues[0]?.path.join(".") ?? ""} ${e.issues[0]?.message ?? ""}`;
  return e instanceof Error ? `Processing failed: ${e.message}` : "Processing failed.";
}

async function handleEvent(tx: Tx, row: EventRow): Promise<Handled> {
  const integration = await findIntegrationForService(row.integration_id, tx);
  if (!integration || integration.organizationId !== row.organization_id) {
    return { outcome: "ignored", reason: "The integration this event came through no longer exists." };
  }
  let body: unknown;
  try {
    body = JSON.parse(row.raw_body);
  } catch {
    throw new EventShapeError("The stored body is not JSON.");
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw new EventShapeError("The stored body is not a GoHighLevel webhook.");
  const ctx = { tx, integration, envelope: envelope.data, body };
  switch (envelope.data.type) {
    case "InvoicePaid":
      return onInvoicePaid(ctx);
    case "OrderCreate":
      return onOrderCreate(ctx);
    case "OpportunityStatusUpdate":
      return onOpportunityStatus(ctx);
    case "ContactCreate":
    case "ContactUpdate":
    case "ContactTagUpdate":
      return onContact(ctx);
    default:
      return { outcome: "ignored", reason: ignoredReason(envelope.data.type) };
  }
}

type Ctx = { tx: Tx; integration: IntegrationForService; envelope: GhlEnvelope; body: unknown };

// ---------------------------------------------------------------------------------------------
// Sales

function saleTurnedOff(integration: IntegrationForService, source: "invoice" | "order" | "opportunity") {
  return integration.settings.sale_sources.includes(source)
    ? null
    : `Sales from ${source === "opportunity" ? "won opportunities" : `${source}s`} are turned off for this integration.`;
}

async function onInvoicePaid({ tx, integration, envelope, body }: Ctx): Promise<Handled> {
  const invoice = parseEventObject(invoicePaidSchema, "InvoicePaid", body);
  const off = saleTurnedOff(integration, "invoice");
  if (off) return { outcome: "ignored", reason: off };
  const currency = invoice.currency ?? integration.currency;
  const paid = invoice.amountPaid ?? invoice.total;
  if (paid === null || paid === undefined)
    throw new EventShapeError("The InvoicePaid event has no amountPaid or total.");
  const amountMinor = toMinorUnits(paid, currency);
  if (amountMinor <= 0)
    return { outcome: "ignored", reason: `Invoice ${invoice._id} was paid ${paid}: no sale to record.` };

  const details = invoice.contactDetails;
  const synced = details?.id
    ? await syncContact(tx, integration, {
        ghlContactId: details.id,
        ...splitName(details.name),
        email: details.email,
        phone: details.phoneNo,
        companyName: details.companyName,
      })
    : null;
  const sale = await recordSale(tx, {
    organizationId: integration.organizationId,
    source: "ghl_invoice",
    externalId: invoice._id,
    ghlUserId: invoice.assignedTo ?? null,
    teamMemberId: invoice.assignedTo ? null : (synced?.contact.assigned_team_member_id ?? null),
    contactId: synced?.contact.id ?? null,
    opportunityId: invoice.opportunityId ?? null,
    amountMinor,
    currency,
    paidAt: envelope.timestamp,
    description:
      `GoHighLevel invoice ${invoice.invoiceNumber ?? invoice._id}${invoice.name ? `: ${invoice.name}` : ""}`.slice(
        0,
        1000,
      ),
    raw: body,
  });
  return saleHandled(sale, synced, {
    amountMinor,
    currency,
    paidAt: envelope.timestamp,
    reference: { invoice_id: invoice._id },
  });
}

async function onOrderCreate({ tx, integration, envelope, body }: Ctx): Promise<Handled> {
  const order = parseEventObject(orderCreateSchema, "OrderCreate", body);
  const off = saleTurnedOff(integration, "order");
  if (off) return { outcome: "ignored", reason: off };
  const unpaid = [order.status, order.paymentStatus]
    .filter(Boolean)
    .map((s) => s!.toLowerCase())
    .find((s) => ["pending", "unpaid", "failed", "cancelled", "canceled", "refunded", "void"].includes(s));
  if (unpaid)
    return { outcome: "ignored", reason: `Order ${order._id} is ${unpaid}, not paid: no sale recorded.` };
  const currency = order.currency ?? integration.currency;
  const amountMinor = toMinorUnits(order.amount, currency);
  if (amountMinor <= 0)
    return { outcome: "ignored", reason: `Order ${order._id} is for ${order.amount}: no sale to record.` };
  const contact = order.contactId
    ? await contactByGhlId(tx, integration.organizationId, order.contactId)
    : null;
  const sale = await recordSale(tx, {
    organizationId: integration.organizationId,
    source: "ghl_order",
    externalId: order._id,
    ghlUserId: order.assignedTo ?? null,
    teamMemberId: order.assignedTo ? null : (contact?.assigned_team_member_id ?? null),
    contactId: contact?.id ?? null,
    amountMinor,
    currency,
    paidAt: envelope.timestamp,
    description: `GoHighLevel order ${order._id}`,
    raw: body,
  });
  return saleHandled(sale, contact ? { contact, created: false } : null, {
    amountMinor,
    currency,
    paidAt: envelope.timestamp,
    reference: { order_id: order._id },
  });
}

async function onOpportunityStatus({ tx, integration, envelope, body }: Ctx): Promise<Handled> {
  const opp = parseEventObject(opportunitySchema, "OpportunityStatusUpdate", body);
  const status = opp.status.toLowerCase();
  const contact = opp.contactId ? await contactByGhlId(tx, integration.organizationId, opp.contactId) : null;
  const value = opp.monetaryValue ?? null;
  const opportunityPayload = {
    opportunity: {
      id: opp.id,
      name: opp.name ?? null,
      status,
      // GHL's event does not say what the status was before.
      previous_status: null,
      monetary_value: value === null ? null : Number(value),
      pipeline_id: opp.pipelineId ?? null,
      assigned_to: opp.assignedTo ?? null,
    },
    contact: contact ? contactPayload(contact) : null,
  };
  const effects: AppEventToEmit[] = [{ event: "opportunity.status_changed", payload: opportunityPayload }];
  if (status !== "won") {
    return {
      outcome: "processed",
      reason: `Opportunity ${opp.id} is now ${status}: not a sale.`,
      effects,
      result: { opportunityId: opp.id, status },
    };
  }
  const off = saleTurnedOff(integration, "opportunity");
  if (off) return { outcome: "processed", reason: off, effects, result: { opportunityId: opp.id, status } };
  const amountMinor = value === null ? 0 : toMinorUnits(value, integration.currency);
  if (amountMinor <= 0) {
    return {
      outcome: "processed",
      reason: `Opportunity ${opp.id} was won with no monetary value: no sale recorded.`,
      effects,
      result: { opportunityId: opp.id, status },
    };
  }
  const sale = await recordSale(tx, {
    organizationId: integration.organizationId,
    source: "ghl_opportunity",
    externalId: opp.id,
    ghlUserId: opp.assignedTo ?? null,
    teamMemberId: opp.assignedTo ? null : (contact?.assigned_team_member_id ?? null),
    contactId: contact?.id ?? null,
    opportunityId: opp.id,
    amountMinor,
    currency: integration.currency,
    paidAt: envelope.timestamp,
    description: `GoHighLevel opportunity won${opp.name ? `: ${opp.name}` : ""}`.slice(0, 1000),
    raw: body,
  });
  const handled = saleHandled(sale, contact ? { contact, created: false } : null, {
    amountMinor,
    currency: integration.currency,
    paidAt: envelope.timestamp,
    reference: { opportunity_id: opp.id },
  });
  return { ...handled, effects: [...effects, ...(handled.effects ?? [])] };
}

function saleHandled(
  sale: SaleResult,
  synced: { contact: ContactRow; created: boolean } | null,
  money: { amountMinor: number; currency: string; paidAt: Date; reference: Record<string, string> },
): Handled {
  const effects: AppEventToEmit[] = [];
  if (synced?.created)
    effects.push({ event: "contact.created", payload: { contact: contactPayload(synced.contact) } });
  if (sale.created) {
    effects.push({
      event: "payment.received",
      payload: {
        payment: {
          id: sale.transactionId,
          amount: toMajorUnits(money.amountMinor, money.currency),
          amount_minor: money.amountMinor,
          currency: money.currency,
          source: "ghl",
          ...money.reference,
          paid_at: money.paidAt.toISOString(),
        },
        contact: synced ? contactPayload(synced.contact) : null,
      },
    });
  }
  const reasons = [
    sale.created ? null : "The sale was recorded before; nothing changed.",
    sale.unmappedGhlUserId
      ? `GHL user ${sale.unmappedGhlUserId} is not mapped to a team member yet: map them to compute the commission.`
      : null,
  ].filter(Boolean);
  return {
    outcome: "processed",
    reason: reasons.length ? reasons.join(" ") : null,
    result: {
      transactionId: sale.transactionId,
      transactionCreated: sale.created,
      calculations: sale.calculationIds.length,
      unmappedGhlUserId: sale.unmappedGhlUserId,
      contactId: synced?.contact.id ?? null,
    },
    effects,
  };
}

// ---------------------------------------------------------------------------------------------
// Contacts

async function onContact({ tx, integration, envelope, body }: Ctx): Promise<Handled> {
  const c = parseEventObject(contactSchema, envelope.type, body);
  const names =
    c.firstName || c.lastName ? { firstName: c.firstName, lastName: c.lastName } : splitName(c.name);
  const teamMemberId = c.assignedTo
    ? await teamMemberByGhlUser(tx, integration.organizationId, c.assignedTo)
    : null;
  const synced = await syncContact(tx, integration, {
    ghlContactId: c.id,
    ...names,
    email: c.email,
    phone: c.phone,
    companyName: c.companyName,
    tags: c.tags ?? undefined,
    assignedTeamMemberId: teamMemberId,
  });
  return {
    outcome: "processed",
    result: { contactId: synced.contact.id, contactCreated: synced.created },
    effects: synced.created
      ? [{ event: "contact.created", payload: { contact: contactPayload(synced.contact) } }]
      : [],
  };
}

const emailShape = z.email().max(320);

/** upsertContact with GHL's values cleaned to what the contacts table accepts. */
async function syncContact(
  tx: Tx,
  integration: IntegrationForService,
  c: {
    ghlContactId: string;
    firstName?: string | null;
    lastName?: string | null;
    email?: string | null;
    phone?: string | null;
    companyName?: string | null;
    tags?: string[];
    assignedTeamMemberId?: string | null;
  },
): Promise<{ contact: ContactRow; created: boolean }> {
  const clip = (v: string | null | undefined, max: number) => {
    const t = v?.trim();
    return t ? t.slice(0, max) : null;
  };
  const email = clip(c.email, 320);
  const phone = clip(c.phone, 40);
  const input: ContactInput = {
    ghlContactId: c.ghlContactId,
    firstName: clip(c.firstName, 200),
    lastName: clip(c.lastName, 200),
    email: email && emailShape.safeParse(email).success ? email : null,
    phone: phone && phone.length >= 3 ? phone : null,
    companyName: clip(c.companyName, 200),
    tags: c.tags
      ?.map((t) => t.trim().slice(0, 100))
      .filter(Boolean)
      .slice(0, 100),
    source: "ghl",
    assignedTeamMemberId: c.assignedTeamMemberId ?? null,
  };
  return upsertContact(tx, integration.organizationId, input);
}

async function contactByGhlId(
  tx: Tx,
  organizationId: string,
  ghlContactId: string,
): Promise<ContactRow | null> {
  const [row] = await tx<ContactRow[]>`
    select id, organization_id, ghl_contact_id, first_name, last_name, email, phone, company_name, tags, source,
           assigned_team_member_id
    from public.contacts where organization_id = ${organizationId} and ghl_contact_id = ${ghlContactId}`;
  return row ?? null;
}

async function teamMemberByGhlUser(
  tx: Tx,
  organizationId: string,
  ghlUserId: string,
): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    select id from public.team_members where organization_id = ${organizationId} and external_id = ${ghlUserId}`;
  return row?.id ?? null;
}

function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const parts = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstName: null, lastName: null };
  return { firstName: parts[0]!, lastName: parts.slice(1).join(" ") || null };
}

function contactPayload(c: ContactRow) {
  return {
    id: c.id,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    phone: c.phone,
    tags: c.tags,
    source: c.source,
    ghl_contact_id: c.ghl_contact_id,
  };
}
