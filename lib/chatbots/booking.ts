import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { GhlApiError } from "@/lib/ghl/api";
import { createAppointment, listFreeSlots, upsertGhlContact } from "@/lib/ghl/calendars";
import {
  findActiveIntegrationOfOrganization,
  setIntegrationStatus,
  type IntegrationForService,
} from "@/lib/integrations/integrations";

/**
 * The "Book appointment" step (lib/chatbots/flow/nodes.ts) against the organization's GoHighLevel
 * calendar, through lib/ghl's client: the free slots become the visitor's choices (buttons in the
 * widget), the pick is booked for the visitor's contact. GHL is a plan feature (ghl_integration):
 * without it, or without a connection, nothing is sent and the step is not booked. A slot taken
 * meanwhile is refused by GHL and offered again with the times still free; GHL unreachable (or
 * refusing the credentials) tells the visitor, keeps the time asked for in the answers
 * (`appointment_requested`) and leaves the rest to the flow or the team. The calls run inside the
 * turn (the session row locked: one visitor's messages wait, nobody else's), each with a timeout.
 */

export type Slot = { label: string; start: string };
export type SlotOffer = { node: string; slots: Slot[] };

/** What of the conversation's turn the step uses (lib/chatbots/runtime.ts gives it). */
export type BookingTurn = {
  tx: Tx;
  organizationId: string;
  sessionId: string;
  answers: Record<string, string>;
  offer: SlotOffer | null;
  contactInfo: Record<string, unknown>;
  say(text: string, extra?: { choices?: string[] }): Promise<void>;
  fill(text: string): string;
};

export type BookingConfig = {
  calendar_id: string;
  prompt: string;
  title: string;
  timezone: string;
  days_ahead: number;
  max_slots: number;
  confirmation: string;
};

/** Waiting for the pick, booked, not booked (the flow's "Not booked" output or the team). */
export type BookingOutcome = "waiting" | "booked" | { failed: string };

export const NO_TIMES = "There are no free times in the next few days.";
export const UNREACHABLE =
  "I couldn't reach our calendar just now, so nothing is booked yet. Our team has your request and will confirm a time with you.";
export const NOT_OFFERED = "Booking online isn't available right now. Our team will help you find a time.";
export const NEEDS_CONTACT = "I need your email address or phone number to book a time.";
const PICK_ONE = "Please pick one of these times:";

/** A slot as the visitor reads it, in the calendar's timezone ("Wed, Dec 9, 10:00 AM"). */
export function slotLabel(start: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(start));
}

/** The slot the visitor picked: a label (as the buttons send it) or its number in the list. */
export function pickedSlot(offer: SlotOffer | null, content: string): Slot | undefined {
  if (!offer) return undefined;
  const text = content.trim().toLowerCase().replace(/\s+/g, " ");
  const byLabel = offer.slots.find((s) => s.label.toLowerCase() === text);
  if (byLabel) return byLabel;
  const n = /^#?(\d{1,2})\.?$/.exec(text);
  return n ? offer.slots[Number(n[1]) - 1] : undefined;
}

type Connection = { integration: IntegrationForService } | { refused: string };

async function connection(tx: Tx, organizationId: string): Promise<Connection> {
  const [row] = await tx`select private.plan_has_feature(${organizationId}, 'ghl_integration') as included`;
  if (!z.object({ included: z.boolean() }).parse(row).included) return { refused: NOT_OFFERED };
  const integration = await findActiveIntegrationOfOrganization(organizationId);
  return integration ? { integration } : { refused: NOT_OFFERED };
}

/** GHL could not be reached or refused the connection (not the request): the visitor is told. */
async function unreachable(integration: IntegrationForService, e: unknown): Promise<{ failed: string }> {
  if (e instanceof GhlApiError && (e.status === 401 || e.status === 403))
    await setIntegrationStatus(
      integration,
      "error",
      "GoHighLevel refused the credentials; connect again.",
    ).catch(() => {});
  console.error(`[chatbots] booking in GoHighLevel failed: ${(e as Error).message}`);
  return { failed: UNREACHABLE };
}

const isRefusal = (e: unknown) =>
  e instanceof GhlApiError &&
  e.status >= 400 &&
  e.status < 500 &&
  e.status !== 401 &&
  e.status !== 403 &&
  e.status !== 429;

/** Reached the step: offers the calendar's free times (or says why it cannot). */
export async function offerSlots(
  turn: BookingTurn,
  nodeId: string,
  config: BookingConfig,
): Promise<BookingOutcome> {
  const found = await connection(turn.tx, turn.organizationId);
  if ("refused" in found) return { failed: found.refused };
  return offer(turn, nodeId, config, found.integration, turn.fill(config.prompt));
}

async function offer(
  turn: BookingTurn,
  nodeId: string,
  config: BookingConfig,
  integration: IntegrationForService,
  intro: string,
): Promise<BookingOutcome> {
  let starts: string[];
  try {
    const from = new Date(Date.now() + 5 * 60_000);
    const to = new Date(from.getTime() + config.days_ahead * 86_400_000);
    starts = await listFreeSlots(integration, {
      calendarId: config.calendar_id,
      from,
      to,
      timezone: config.timezone,
    });
  } catch (e) {
    if (isRefusal(e)) {
      console.error(`[chatbots] GoHighLevel refused the free slots: ${(e as Error).message}`);
      return { failed: NOT_OFFERED };
    }
    return unreachable(integration, e);
  }
  const slots = starts
    .slice(0, config.max_slots)
    .map((start) => ({ start, label: slotLabel(start, config.timezone) }));
  if (!slots.length) return { failed: NO_TIMES };
  turn.offer = { node: nodeId, slots };
  await turn.say(intro, { choices: slots.map((s) => s.label) });
  return "waiting";
}

/** The visitor answered the offer: books the time picked, or offers again. */
export async function bookPicked(
  turn: BookingTurn,
  nodeId: string,
  config: BookingConfig,
  content: string,
): Promise<BookingOutcome> {
  const slot = pickedSlot(turn.offer?.node === nodeId ? turn.offer : null, content);
  if (!slot) {
    const slots = turn.offer?.slots ?? [];
    if (!slots.length) return offerSlots(turn, nodeId, config);
    await turn.say(PICK_ONE, { choices: slots.map((s) => s.label) });
    return "waiting";
  }
  const found = await connection(turn.tx, turn.organizationId);
  if ("refused" in found) return { failed: found.refused };
  turn.answers.appointment_requested = slot.label;
  const email = typeof turn.contactInfo.email === "string" ? turn.contactInfo.email : null;
  const phone = typeof turn.contactInfo.phone === "string" ? turn.contactInfo.phone : null;
  if (!email && !phone) return { failed: NEEDS_CONTACT };
  try {
    const contactId = await upsertGhlContact(found.integration, {
      email,
      phone,
      firstName: stringOr(turn.contactInfo.first_name),
      lastName: stringOr(turn.contactInfo.last_name),
    });
    // The hand-off to GHL's conversations (./ghl-handoff.ts) goes to the same contact.
    await turn.tx`update public.conversation_sessions set ghl_contact_id = ${contactId}
                  where id = ${turn.sessionId} and organization_id = ${turn.organizationId}`;
    const appointment = await createAppointment(found.integration, {
      calendarId: config.calendar_id,
      contactId,
      startTime: slot.start,
      title: turn.fill(config.title),
    });
    turn.answers.appointment_time = slot.label;
    turn.answers.appointment_id = appointment.id;
    delete turn.answers.appointment_requested;
    turn.offer = null;
    await turn.say(turn.fill(config.confirmation));
    return "booked";
  } catch (e) {
    if (!isRefusal(e)) return unreachable(found.integration, e);
    // Taken meanwhile (or no longer offered): the times still free, with an apology.
    return offer(
      turn,
      nodeId,
      config,
      found.integration,
      `Sorry, ${slot.label} was just taken. ${turn.fill(config.prompt)}`,
    );
  }
}

const stringOr = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
