import { randomBytes, randomUUID } from "node:crypto";

/**
 * The calendars and the chat side of conversations in the local GoHighLevel stand-in
 * (tests/support/ghl-server.ts), in GHL's v2 shapes (`Version: 2021-04-15`):
 *
 * - `GET /calendars/{calendarId}/free-slots?startDate=<ms>&endDate=<ms>&timezone=<IANA>`:
 *   `{ "<YYYY-MM-DD>": { slots: ["<ISO with offset>"] }, traceId }`, days in the asked timezone,
 *   at most 31 days, booked slots left out; an unknown calendar or another location's is a 400.
 * - `POST /calendars/events/appointments` (calendarId, locationId, contactId, startTime required):
 *   201 with the appointment; a start that is not a free slot is a 400 "The slot you have
 *   selected is no longer available." (as GHL says it).
 * - `POST /conversations/messages/inbound` (type, message, contactId or conversationId): one
 *   conversation per contact; 200 `{ success, conversationId, messageId, message, contactId }`.
 */

export type GhlCalendar = {
  id: string;
  locationId: string;
  name: string;
  slotMinutes: number;
  /** The slots the calendar offers (instants); booked ones are not free. */
  slots: Date[];
};

export type GhlAppointmentRecord = Record<string, unknown> & {
  id: string;
  calendarId: string;
  startTime: string;
};
export type GhlChatMessage = Record<string, unknown> & { id: string; conversationId: string; body: string };

export type CalendarState = {
  calendars: Map<string, GhlCalendar>;
  appointments: Map<string, GhlAppointmentRecord>;
  /** Messages added to conversations (inbound), in order. */
  chatMessages: GhlChatMessage[];
  /** conversation id by contact id (one conversation per contact, as in GHL). */
  conversations: Map<string, string>;
};

export function calendarState(): CalendarState {
  return { calendars: new Map(), appointments: new Map(), chatMessages: [], conversations: new Map() };
}

type Reply = (status: number, body: unknown) => void;
type Fail = (status: number, message: string) => void;
export type CalendarRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  location: string;
  contacts: Map<string, Record<string, unknown>>;
};

const INBOUND_TYPES = ["SMS", "Email", "WhatsApp", "GMB", "IG", "FB", "Custom", "WebChat", "Live_Chat"];
const TAKEN = "The slot you have selected is no longer available.";
const id = () => randomBytes(10).toString("base64url").replace(/[-_]/g, "x").slice(0, 20);

/** `2026-12-09T10:00:00-05:00` for an instant in a timezone (what GHL's slots look like). */
export function isoInZone(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - at.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Answers a calendars or chat request; false when the path is not one of these. */
export function handleCalendarRequest(
  state: CalendarState,
  req: CalendarRequest,
  reply: Reply,
  fail: Fail,
): boolean {
  const slotsMatch = /^\/calendars\/([^/]+)\/free-slots$/.exec(req.path);
  if (req.method === "GET" && slotsMatch) {
    freeSlots(state, decodeURIComponent(slotsMatch[1]!), req, reply, fail);
    return true;
  }
  if (req.method === "POST" && req.path === "/calendars/events/appointments") {
    book(state, req, reply, fail);
    return true;
  }
  if (req.method === "POST" && req.path === "/conversations/messages/inbound") {
    inbound(state, req, reply, fail);
    return true;
  }
  return false;
}

function bookedStarts(state: CalendarState, calendarId: string): Set<number> {
  return new Set(
    [...state.appointments.values()]
      .filter((a) => a.calendarId === calendarId && a.appointmentStatus !== "cancelled")
      .map((a) => Date.parse(a.startTime)),
  );
}

function freeSlots(state: CalendarState, calendarId: string, req: CalendarRequest, reply: Reply, fail: Fail) {
  const calendar = state.calendars.get(calendarId);
  if (!calendar || calendar.locationId !== req.location) return fail(400, "Calendar not found");
  const start = Number(req.query.startDate);
  const end = Number(req.query.endDate);
  if (!req.query.startDate || !Number.isFinite(start)) return fail(422, "startDate must be a number");
  if (!req.query.endDate || !Number.isFinite(end)) return fail(422, "endDate must be a number");
  if (end < start) return fail(422, "endDate must be after startDate");
  if (end - start > 31 * 86_400_000) return fail(422, "The date range must not exceed 31 days");
  const zone = req.query.timezone || "UTC";
  if (!validZone(zone)) return fail(422, "timezone must be a valid IANA time zone");
  const booked = bookedStarts(state, calendarId);
  const days: Record<string, { slots: string[] }> = {};
  for (const slot of [...calendar.slots].sort((a, b) => a.getTime() - b.getTime())) {
    const t = slot.getTime();
    if (t < start || t > end || booked.has(t)) continue;
    const iso = isoInZone(slot, zone);
    (days[iso.slice(0, 10)] ??= { slots: [] }).slots.push(iso);
  }
  reply(200, { ...days, traceId: randomUUID() });
}

function book(state: CalendarState, req: CalendarRequest, reply: Reply, fail: Fail) {
  const b = req.body;
  for (const field of ["calendarId", "locationId", "contactId", "startTime"]) {
    if (typeof b[field] !== "string" || !b[field]) return fail(422, `${field} should not be empty`);
  }
  if (b.locationId !== req.location) return fail(403, "The token does not have access to this location");
  const calendar = state.calendars.get(String(b.calendarId));
  if (!calendar || calendar.locationId !== req.location) return fail(400, "Calendar not found");
  const contact = req.contacts.get(String(b.contactId));
  if (!contact || contact.locationId !== req.location) return fail(400, "Contact not found");
  const start = Date.parse(String(b.startTime));
  if (!Number.isFinite(start)) return fail(422, "startTime must be a valid ISO 8601 date string");
  const offered = calendar.slots.some((s) => s.getTime() === start);
  if (!b.ignoreFreeSlotValidation && (!offered || bookedStarts(state, calendar.id).has(start)))
    return fail(400, TAKEN);
  const appointment: GhlAppointmentRecord = {
    id: id(),
    calendarId: calendar.id,
    locationId: req.location,
    contactId: String(b.contactId),
    startTime: String(b.startTime),
    endTime: new Date(start + calendar.slotMinutes * 60_000).toISOString(),
    title: typeof b.title === "string" ? b.title : "Appointment",
    appointmentStatus: typeof b.appointmentStatus === "string" ? b.appointmentStatus : "new",
    assignedUserId: null,
    isRecurring: false,
  };
  state.appointments.set(appointment.id, appointment);
  reply(201, appointment);
}

function inbound(state: CalendarState, req: CalendarRequest, reply: Reply, fail: Fail) {
  const b = req.body;
  if (typeof b.type !== "string" || !INBOUND_TYPES.includes(b.type))
    return fail(422, `type must be one of the following values: ${INBOUND_TYPES.join(", ")}`);
  if (b.type === "Custom" && !b.conversationProviderId)
    return fail(422, "conversationProviderId is required for Custom messages");
  if (typeof b.message !== "string" || !b.message.trim()) return fail(422, "message should not be empty");
  let contactId = typeof b.contactId === "string" ? b.contactId : "";
  if (typeof b.conversationId === "string" && b.conversationId) {
    const owner = [...state.conversations].find(([, conv]) => conv === b.conversationId)?.[0];
    if (!owner) return fail(400, "Conversation not found");
    if (contactId && contactId !== owner) return fail(400, "The conversation belongs to another contact");
    contactId = owner;
  }
  if (!contactId) return fail(422, "Either conversationId or contactId is required");
  const contact = req.contacts.get(contactId);
  if (!contact || contact.locationId !== req.location) return fail(400, "Contact not found");
  let conversationId = state.conversations.get(contactId);
  if (!conversationId) state.conversations.set(contactId, (conversationId = id()));
  const message: GhlChatMessage = {
    id: id(),
    conversationId,
    contactId,
    locationId: req.location,
    type: b.type,
    direction: "inbound",
    body: b.message,
    dateAdded: typeof b.date === "string" ? b.date : new Date().toISOString(),
  };
  state.chatMessages.push(message);
  reply(200, {
    success: true,
    conversationId,
    messageId: message.id,
    message: "Message added successfully",
    contactId,
    dateAdded: message.dateAdded,
    traceId: randomUUID(),
  });
}
