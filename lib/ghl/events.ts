import { z } from "zod";

/**
 * The GoHighLevel webhook events Orgflow acts on, as GHL sends them (see
 * ../shared/reference/gohighlevel.md): every body carries `type`, `webhookId` and `timestamp`, and
 * the object's own fields at the top level. Schemas are loose (`looseObject`): GHL adds fields
 * freely; only what is read is checked.
 */

export const SALE_EVENT_TYPES = ["InvoicePaid", "OrderCreate", "OpportunityStatusUpdate"] as const;
export const CONTACT_EVENT_TYPES = ["ContactCreate", "ContactUpdate", "ContactTagUpdate"] as const;
/** Known events that are stored and deliberately not acted on, with why. */
export const NOT_ACTED_ON: Record<string, string> = {
  InvoicePartiallyPaid: "Partial payments are not sales yet: the sale is recorded when InvoicePaid arrives.",
  InvoiceVoid: "Voided invoices were never paid, so there is no sale to record or undo.",
  OrderStatusUpdate: "Orders are recorded when created; refunds are found by the periodic transaction sync.",
  OpportunityCreate: "A new opportunity is not a sale; only a won opportunity is.",
  OpportunityAssignedToUpdate: "Reassigning an opportunity does not change a recorded sale.",
  OpportunityMonetaryValueUpdate: "A changed value does not change a recorded sale.",
  ContactDelete: "Contacts deleted in GoHighLevel are kept in Orgflow (their sales still refer to them).",
  AppInstall: "App installs need no action for a private-integration connection.",
  AppUninstall: "App uninstalls need no action for a private-integration connection.",
};

export type HandledEventType = (typeof SALE_EVENT_TYPES)[number] | (typeof CONTACT_EVENT_TYPES)[number];

export function isHandledEventType(type: string): type is HandledEventType {
  return (
    (SALE_EVENT_TYPES as readonly string[]).includes(type) ||
    (CONTACT_EVENT_TYPES as readonly string[]).includes(type)
  );
}

/** Why an event type is stored without being acted on. */
export function ignoredReason(type: string): string {
  return NOT_ACTED_ON[type] ?? `Orgflow does not act on GoHighLevel "${type}" events.`;
}

const id = z.string().trim().min(1).max(255);
const optionalId = id.nullish().catch(null);
const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/)
  .transform((c) => c.toUpperCase());
const text = (max: number) => z.string().trim().max(max).nullish().catch(null);

/** The envelope every GHL webhook carries. */
export const envelopeSchema = z.looseObject({
  type: z.string().trim().min(1).max(100),
  webhookId: z.string().trim().min(1).max(200),
  // ISO 8601 as GHL documents it; epoch milliseconds are accepted too.
  timestamp: z
    .union([z.iso.datetime({ offset: true }), z.number().int().positive()])
    .transform((t) => new Date(t)),
  locationId: z.string().trim().max(100).nullish(),
  altId: z.string().trim().max(100).nullish(),
});
export type GhlEnvelope = z.output<typeof envelopeSchema>;

/** The location an event is for: `locationId`, or `altId` on invoices. */
export function eventLocation(envelope: {
  locationId?: string | null;
  altId?: string | null;
}): string | null {
  return envelope.locationId || envelope.altId || null;
}

export const invoicePaidSchema = z.looseObject({
  _id: id,
  status: z.string().nullish(),
  amountPaid: amount.nullish(),
  total: amount.nullish(),
  currency: currency.nullish(),
  name: text(500),
  invoiceNumber: z.union([z.string(), z.number()]).nullish().catch(null),
  assignedTo: optionalId,
  opportunityId: optionalId,
  contactDetails: z
    .looseObject({
      id: optionalId,
      name: text(400),
      email: text(320),
      phoneNo: text(40),
      companyName: text(200),
    })
    .nullish()
    .catch(null),
});

export const orderCreateSchema = z.looseObject({
  _id: id,
  status: z.string().nullish(),
  paymentStatus: z.string().nullish(),
  contactId: optionalId,
  amount,
  currency: currency.nullish(),
  assignedTo: optionalId,
  source: z.unknown().optional(),
  items: z.array(z.unknown()).nullish().catch(null),
});

export const opportunitySchema = z.looseObject({
  id,
  name: text(500),
  status: z.string().trim().min(1).max(40),
  assignedTo: optionalId,
  contactId: optionalId,
  monetaryValue: amount.nullish(),
  pipelineId: optionalId,
  pipelineStageId: optionalId,
});

export const contactSchema = z.looseObject({
  id,
  firstName: text(200),
  lastName: text(200),
  name: text(400),
  email: text(320),
  phone: text(40),
  companyName: text(200),
  tags: z.array(z.string()).nullish().catch(null),
  assignedTo: optionalId,
});

/** Parses an event's object; the message names the event when the body lacks what it needs. */
export function parseEventObject<S extends z.ZodType>(schema: S, type: string, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join(".") || "body";
    throw new EventShapeError(`The ${type} event is missing or has an invalid "${where}".`);
  }
  return parsed.data;
}

/** A genuine event whose content cannot be used: a permanent failure, never retried. */
export class EventShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventShapeError";
  }
}
