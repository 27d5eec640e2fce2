import { addTag, email, end, flow, notify, sms, webhook, when, type CatalogTemplate } from "./build";

/** Templates for after the sale: thank, ask for reviews, win back no-shows. */

export const customerTemplates: CatalogTemplate[] = [
  {
    key: "invoice-paid-thank-you",
    name: "Invoice paid → thank-you email",
    category: "Payments",
    description: "Thank the customer by email as soon as a GoHighLevel invoice is paid, and tell the team.",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "Payment received",
          config: { event: "payment.received", status: "any" },
          at: [0, 0],
        },
        {
          id: "condition_1",
          type: "condition",
          label: "An invoice, with an email?",
          config: when([
            ["{{ trigger.payment.invoice_id }}", "is_not_empty"],
            ["{{ trigger.contact.email }}", "is_not_empty"],
          ]),
          at: [1, 0],
        },
        {
          id: "send_email_1",
          type: "send_email",
          label: "Say thank you",
          config: email(
            "{{ trigger.contact.email }}",
            "Thank you for your payment",
            "Hi {{ trigger.contact.first_name }},\n\nWe received your payment of {{ trigger.payment.amount }} {{ trigger.payment.currency }}. Thank you for choosing {{ org.name }}!\n\nThe {{ org.name }} team",
          ),
          at: [2, -0.5],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Tell the team",
          config: notify(
            "everyone",
            "Invoice paid: {{ trigger.payment.amount }} {{ trigger.payment.currency }}",
            "{{ trigger.contact.first_name }} {{ trigger.contact.last_name }} paid. We sent a thank-you.",
          ),
          at: [3, -0.5],
        },
        {
          id: "end_1",
          type: "end",
          label: "Not an invoice",
          config: end("Not an invoice payment"),
          at: [2, 0.5],
        },
      ],
      [
        ["event_1", "condition_1"],
        ["condition_1", "send_email_1", "true"],
        ["condition_1", "end_1", "false"],
        ["send_email_1", "notify_1"],
      ],
    ),
  },
  {
    key: "review-request",
    name: "Paid → ask for a review in 3 days",
    category: "Customer care",
    description:
      "Three days after a customer pays, ask them for a review (put your own review link in the email).",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "Payment received",
          config: { event: "payment.received", status: "any" },
          at: [0, 0],
        },
        {
          id: "delay_1",
          type: "delay",
          label: "Wait 3 days",
          config: { amount: 3, unit: "days" },
          at: [1, 0],
        },
        {
          id: "condition_1",
          type: "condition",
          label: "Has an email?",
          config: when([["{{ trigger.contact.email }}", "is_not_empty"]]),
          at: [2, 0],
        },
        {
          id: "send_email_1",
          type: "send_email",
          label: "Ask for a review",
          config: email(
            "{{ trigger.contact.email }}",
            "How did we do, {{ trigger.contact.first_name }}?",
            "Hi {{ trigger.contact.first_name }},\n\nThanks again for choosing {{ org.name }}. Would you take a minute to leave us a review? It helps a small business like ours more than you'd think:\n\nhttps://example.com/your-review-link\n\nThe {{ org.name }} team",
          ),
          at: [3, -0.5],
        },
        { id: "end_1", type: "end", label: "No email", config: end("No email to write to"), at: [3, 0.5] },
      ],
      [
        ["event_1", "delay_1"],
        ["delay_1", "condition_1"],
        ["condition_1", "send_email_1", "true"],
        ["condition_1", "end_1", "false"],
      ],
    ),
  },
  {
    key: "no-show-rebook",
    name: "Missed appointment → rebook by text",
    category: "Customer care",
    description:
      "When GoHighLevel marks an appointment as a no-show, text a link to book again and tag the contact.",
    definition: flow(
      [
        {
          id: "webhook_1",
          type: "webhook",
          label: "No-show in GHL",
          config: webhook({
            contact_id: "pL3kQ8vZx2mN7rT1yW4s",
            first_name: "Ana",
            full_name: "Ana Silva",
            phone: "+15550101234",
            appointment_title: "Free inspection",
            appointment_status: "noshow",
          }),
          at: [0, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Text a rebooking link",
          config: sms(
            "{{ trigger.body.contact_id }}",
            "Hi {{ trigger.body.first_name }}, we missed you today! Pick a new time for your {{ trigger.body.appointment_title }} here: https://example.com/your-booking-link",
          ),
          at: [1, 0],
        },
        {
          id: "ghl_2",
          type: "ghl",
          label: "Tag as no-show",
          config: addTag("{{ trigger.body.contact_id }}", "no-show"),
          at: [2, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Tell the team",
          config: notify(
            "everyone",
            "No-show: {{ trigger.body.full_name }}",
            "We texted them a link to rebook their {{ trigger.body.appointment_title }}.",
          ),
          at: [3, 0],
        },
      ],
      [
        ["webhook_1", "ghl_1"],
        ["ghl_1", "ghl_2"],
        ["ghl_2", "notify_1"],
      ],
    ),
  },
];
