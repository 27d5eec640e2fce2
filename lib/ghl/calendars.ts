import { z } from "zod";
import type { Sql } from "@/lib/db/client";
import type { IntegrationForService } from "@/lib/integrations/integrations";
import { ghlRequest } from "./api";
import { GHL_CONVERSATIONS_API_VERSION } from "./config";

/**
 * GoHighLevel's calendars and conversations as the chatbots use them, through the one client
 * (lib/ghl/api.ts: the organization's own token, refreshed when OAuth). Both APIs answer to
 * `Version: 2021-04-15`. Answers are parsed with zod: a shape GHL did not document is an error,
 * not a guess.
 *
 * - Free slots: `GET /calendars/{calendarId}/free-slots?startDate=<ms>&endDate=<ms>&timezone=`,
 *   answered as `{ "<YYYY-MM-DD>": { slots: ["<ISO with offset>", …] }, traceId }` (at most 31 days).
 * - Booking: `POST /calendars/events/appointments` with calendarId, locationId, contactId and
 *   startTime (ISO with offset); a slot taken meanwhile is refused with a 4xx.
 * - Contacts: `POST /contacts/upsert` (by email or phone).
 * - A chat handed over: `POST /conversations/messages/inbound`, the visitor's side of the
 *   conversation added to the contact's GHL conversation (one per contact), so the GHL user sees it.
 */

type Integration = Pick<IntegrationForService, "id" | "organizationId" | "locationId">;

/** GHL ids (calendars, contacts, conversations): what may stand in a path. */
export const GHL_ID = /^[A-Za-z0-9_-]{1,100}$/;
export const MAX_SLOT_DAYS = 31;

const freeSlotsSchema = z.record(z.string(), z.unknown()).transform((body) =>
  Object.entries(body)
    .filter(([key]) => /^\d{4}-\d{2}-\d{2}$/.test(key))
    .flatMap(([, day]) => z.object({ slots: z.array(z.string()) }).parse(day).slots),
);

/** The calendar's free slots between two instants, earliest first (ISO strings with offset). */
export async function listFreeSlots(
  integration: Integration,
  params: { calendarId: string; from: Date; to: Date; timezone: string },
  db?: Sql,
): Promise<string[]> {
  checkId(params.calendarId, "calendar");
  const to = Math.min(params.to.getTime(), params.from.getTime() + MAX_SLOT_DAYS * 86_400_000);
  const body = await ghlRequest(
    integration,
    {
      path: `/calendars/${params.calendarId}/free-slots`,
      query: { startDate: params.from.getTime(), endDate: to, timezone: params.timezone },
      version: GHL_CONVERSATIONS_API_VERSION,
      signal: AbortSignal.timeout(10_000),
    },
    db,
  );
  const slots = freeSlotsSchema.parse(body).filter((s) => Number.isFinite(Date.parse(s)));
  return [...new Set(slots)].sort((a, b) => Date.parse(a) - Date.parse(b));
}

const appointmentSchema = z.object({
  id: z.string(),
  calendarId: z.string(),
  contactId: z.string(),
  startTime: z.string(),
  endTime: z.string().optional(),
  appointmentStatus: z.string().optional(),
});
export type GhlAppointment = z.infer<typeof appointmentSchema>;

/** Books `startTime` (one of the free slots) for a contact; GHL refuses a slot no longer free. */
export async function createAppointment(
  integration: Integration,
  params: { calendarId: string; contactId: string; startTime: string; title: string },
  db?: Sql,
): Promise<GhlAppointment> {
  checkId(params.calendarId, "calendar");
  checkId(params.contactId, "contact");
  const body = await ghlRequest(
    integration,
    {
      method: "POST",
      path: "/calendars/events/appointments",
      body: {
        calendarId: params.calendarId,
        locationId: integration.locationId,
        contactId: params.contactId,
        startTime: params.startTime,
        title: params.title.slice(0, 200),
        appointmentStatus: "confirmed",
        toNotify: true,
      },
      version: GHL_CONVERSATIONS_API_VERSION,
      signal: AbortSignal.timeout(15_000),
    },
    db,
  );
  return appointmentSchema.parse(body);
}

const upsertSchema = z.object({ new: z.boolean().optional(), contact: z.object({ id: z.string() }) });

/**
 * The GHL contact for a visitor (found by email, else phone, or created), by id. What a visitor
 * types is unverified, and GHL's upsert overwrites the contact it matches: typing someone else's
 * email would rename that person in the tenant's CRM. So the lookup sends the one key only, and the
 * visitor's other details (phone, names) are written only to a contact this call created.
 */
export async function upsertGhlContact(
  integration: Integration,
  contact: {
    email?: string | null;
    phone?: string | null;
    firstName?: string | null;
    lastName?: string | null;
  },
  db?: Sql,
): Promise<string> {
  const key = contact.email ? { email: contact.email } : contact.phone ? { phone: contact.phone } : {};
  const upsert = async (fields: Record<string, string>) =>
    upsertSchema.parse(
      await ghlRequest(
        integration,
        {
          method: "POST",
          path: "/contacts/upsert",
          body: { locationId: integration.locationId, ...key, ...fields, source: "Orgflow chatbot" },
          signal: AbortSignal.timeout(10_000),
        },
        db,
      ),
    );
  const found = await upsert({});
  const details = {
    ...(contact.email && contact.phone ? { phone: contact.phone } : {}),
    ...(contact.firstName ? { firstName: contact.firstName } : {}),
    ...(contact.lastName ? { lastName: contact.lastName } : {}),
  };
  // A contact GHL already had keeps its own details; a new one gets the visitor's.
  if (found.new === true && Object.keys(details).length) await upsert(details);
  return found.contact.id;
}

const inboundSchema = z.object({ conversationId: z.string(), messageId: z.string() });

/** Adds an inbound message (the visitor's side) to the contact's GHL conversation. */
export async function addInboundMessage(
  integration: Integration,
  params: { contactId: string; conversationId?: string | null; message: string; date?: Date },
  db?: Sql,
): Promise<{ conversationId: string; messageId: string }> {
  checkId(params.contactId, "contact");
  if (params.conversationId) checkId(params.conversationId, "conversation");
  const body = await ghlRequest(
    integration,
    {
      method: "POST",
      path: "/conversations/messages/inbound",
      body: {
        type: "Live_Chat",
        contactId: params.contactId,
        ...(params.conversationId ? { conversationId: params.conversationId } : {}),
        message: params.message.slice(0, 8000),
        direction: "inbound",
        date: (params.date ?? new Date()).toISOString(),
      },
      version: GHL_CONVERSATIONS_API_VERSION,
      signal: AbortSignal.timeout(10_000),
    },
    db,
  );
  return inboundSchema.parse(body);
}

function checkId(value: string, what: string): void {
  // An id from configuration or from GHL itself: "." or "/" would reach another endpoint.
  if (!GHL_ID.test(value)) throw new Error(`"${value.slice(0, 40)}" is not a GoHighLevel ${what} id.`);
}
