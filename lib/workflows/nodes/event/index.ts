import { z } from "zod";
import { defineNodeType, looseString, singleOutput, type OutputField } from "../types";

const contact: OutputField = {
  name: "contact",
  type: "object",
  description: "The contact",
  children: [
    { name: "id", type: "string", description: "The contact's id in Orgflow" },
    {
      name: "ghl_contact_id",
      type: "string",
      description:
        "Its id in GoHighLevel (empty when it did not come from there); GoHighLevel steps need this one",
    },
    { name: "email", type: "string" },
    { name: "first_name", type: "string" },
    { name: "last_name", type: "string" },
    { name: "phone", type: "string" },
    { name: "tags", type: "array" },
    { name: "source", type: "string" },
  ],
};

/** The events a workflow can start on, and what each one carries under `trigger`. */
export const WORKFLOW_EVENTS = {
  "contact.created": { label: "Contact created", fields: [contact] },
  "payment.received": {
    label: "Payment received",
    fields: [
      {
        name: "payment",
        type: "object",
        description: "The payment",
        children: [
          { name: "id", type: "string" },
          { name: "amount", type: "number" },
          { name: "currency", type: "string" },
          { name: "source", type: "string", description: "ghl, stripe, csv or manual" },
          { name: "invoice_id", type: "string" },
          { name: "paid_at", type: "string" },
        ],
      },
      contact,
    ],
  },
  "opportunity.status_changed": {
    label: "Opportunity status changed",
    fields: [
      {
        name: "opportunity",
        type: "object",
        description: "The opportunity",
        children: [
          { name: "id", type: "string" },
          { name: "name", type: "string" },
          { name: "status", type: "string", description: "open, won, lost or abandoned" },
          { name: "previous_status", type: "string" },
          { name: "monetary_value", type: "number" },
          { name: "pipeline_id", type: "string" },
          { name: "assigned_to", type: "string" },
        ],
      },
      contact,
    ],
  },
  "conversation.started": {
    label: "Conversation started",
    fields: [
      {
        name: "conversation",
        type: "object",
        description: "The conversation",
        children: [
          { name: "id", type: "string" },
          { name: "channel", type: "string", description: "chat, sms or email" },
          { name: "first_message", type: "string" },
          { name: "bot_id", type: "string" },
        ],
      },
      contact,
    ],
  },
} as const satisfies Record<string, { label: string; fields: readonly OutputField[] }>;

export type WorkflowEvent = keyof typeof WORKFLOW_EVENTS;
export const WORKFLOW_EVENT_NAMES = Object.keys(WORKFLOW_EVENTS) as [WorkflowEvent, ...WorkflowEvent[]];
export const OPPORTUNITY_STATUSES = ["any", "open", "won", "lost", "abandoned"] as const;

export const eventNode = defineNodeType({
  type: "event",
  label: "Event",
  description: "Starts when something happens in Orgflow or GoHighLevel: a new contact, a payment …",
  category: "trigger",
  configSchema: z.object({
    event: z.enum(WORKFLOW_EVENT_NAMES, { error: "Choose an event." }),
    /** For opportunity.status_changed: only runs when the new status is this one. */
    status: z.enum(OPPORTUNITY_STATUSES).default("any"),
  }),
  defaults: { event: "contact.created", status: "any" },
  inputs: [],
  outputs: singleOutput,
  outputFields: (config) => {
    const event = looseString(config, "event");
    const known =
      event && Object.hasOwn(WORKFLOW_EVENTS, event) ? WORKFLOW_EVENTS[event as WorkflowEvent] : null;
    return [
      { name: "event", type: "string", description: "The event's name" },
      { name: "occurred_at", type: "string", description: "When it happened (ISO 8601)" },
      ...(known?.fields ?? []),
    ];
  },
});
