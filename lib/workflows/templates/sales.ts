import { addTag, email, end, flow, notify, sms, webhook, when, type CatalogTemplate } from "./build";

/** Templates for deals in the pipeline: won, stalled, lost, quoted. */

const ghlDeal = {
  contact_id: "pL3kQ8vZx2mN7rT1yW4s",
  first_name: "Ana",
  full_name: "Ana Silva",
  email: "ana@example.com",
  phone: "+15550101234",
  opportunity_name: "Roof replacement: Silva",
  pipeline_stage: "Quote sent",
  lead_value: 8400,
};

export const salesTemplates: CatalogTemplate[] = [
  {
    key: "won-deal-celebrate-commission",
    name: "Won deal → shout-out + commission approval",
    category: "Sales",
    description:
      "Celebrate a won GoHighLevel deal with the team, send managers to approve its commission, and tag the customer.",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "Deal won in GHL",
          config: { event: "opportunity.status_changed", status: "won" },
          at: [0, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Celebrate the win",
          config: notify(
            "everyone",
            "Deal won: {{ trigger.opportunity.name }}",
            "Worth {{ trigger.opportunity.monetary_value }}. Nice work, team!",
          ),
          at: [1, 0],
        },
        {
          id: "notify_2",
          type: "notify",
          label: "Ask for approval",
          config: notify(
            "administrators",
            "Commission to approve: {{ trigger.opportunity.name }}",
            "Orgflow recorded the won deal as a sale and worked out the rep's commission. Approve it so it makes the next payout.",
            "/o/{{ org.slug }}/commissions/approvals",
          ),
          at: [2, 0],
        },
        {
          id: "condition_1",
          type: "condition",
          label: "Contact in GHL?",
          config: when([["{{ trigger.contact.ghl_contact_id }}", "is_not_empty"]]),
          at: [3, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Tag as customer",
          config: addTag("{{ trigger.contact.ghl_contact_id }}", "customer"),
          at: [4, -0.5],
        },
        {
          id: "end_1",
          type: "end",
          label: "No contact",
          config: end("The deal had no contact"),
          at: [4, 0.5],
        },
      ],
      [
        ["event_1", "notify_1"],
        ["notify_1", "notify_2"],
        ["notify_2", "condition_1"],
        ["condition_1", "ghl_1", "true"],
        ["condition_1", "end_1", "false"],
      ],
    ),
  },
  {
    key: "stale-deal-reminder",
    name: "Stale deal → remind the rep",
    category: "Sales",
    description:
      "When GoHighLevel reports a deal stuck in its stage, tag it, tell managers and email the rep a nudge.",
    definition: flow(
      [
        {
          id: "webhook_1",
          type: "webhook",
          label: "Stale deal in GHL",
          // GHL's "Stale opportunities" trigger, then a Webhook action with the rep's email as custom data.
          config: webhook({ ...ghlDeal, days_in_stage: 14, rep_email: "rep@example.com" }),
          at: [0, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Tag as stale",
          config: addTag("{{ trigger.body.contact_id }}", "stale-deal"),
          at: [1, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Tell managers",
          config: notify(
            "administrators",
            "Stale deal: {{ trigger.body.opportunity_name }}",
            "{{ trigger.body.days_in_stage }} days in “{{ trigger.body.pipeline_stage }}” ({{ trigger.body.lead_value }}).",
          ),
          at: [2, 0],
        },
        {
          id: "send_email_1",
          type: "send_email",
          label: "Nudge the rep",
          config: email(
            "{{ trigger.body.rep_email }}",
            "Check in with {{ trigger.body.full_name }} today",
            "{{ trigger.body.opportunity_name }} has been in “{{ trigger.body.pipeline_stage }}” for {{ trigger.body.days_in_stage }} days.\n\nA quick call to {{ trigger.body.phone }} can get it moving again.",
          ),
          at: [3, 0],
        },
      ],
      [
        ["webhook_1", "ghl_1"],
        ["ghl_1", "notify_1"],
        ["notify_1", "send_email_1"],
      ],
    ),
  },
  {
    key: "quote-follow-up",
    name: "Quote sent → follow up in 3 days",
    category: "Sales",
    description:
      "Three days after a deal reaches “Quote sent” in GoHighLevel, text the customer and remind the team to call.",
    definition: flow(
      [
        {
          id: "webhook_1",
          type: "webhook",
          label: "Quote sent in GHL",
          config: webhook(ghlDeal),
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
          id: "ghl_1",
          type: "ghl",
          label: "Text the customer",
          config: sms(
            "{{ trigger.body.contact_id }}",
            "Hi {{ trigger.body.first_name }}, any questions about your quote for {{ trigger.body.opportunity_name }}? Happy to walk you through it.",
          ),
          at: [2, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Remind the team",
          config: notify(
            "everyone",
            "Follow up on the quote: {{ trigger.body.full_name }}",
            "We texted them about {{ trigger.body.opportunity_name }} ({{ trigger.body.lead_value }}). Give them a call.",
          ),
          at: [3, 0],
        },
      ],
      [
        ["webhook_1", "delay_1"],
        ["delay_1", "ghl_1"],
        ["ghl_1", "notify_1"],
      ],
    ),
  },
  {
    key: "lost-deal-win-back",
    name: "Lost deal → win-back email in 30 days",
    category: "Sales",
    description: "A month after a deal is lost in GoHighLevel, check in with the contact by email.",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "Deal lost in GHL",
          config: { event: "opportunity.status_changed", status: "lost" },
          at: [0, 0],
        },
        {
          id: "delay_1",
          type: "delay",
          label: "Wait 30 days",
          config: { amount: 30, unit: "days" },
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
          label: "Check in",
          config: email(
            "{{ trigger.contact.email }}",
            "Still looking, {{ trigger.contact.first_name }}?",
            "Hi {{ trigger.contact.first_name }},\n\nA while ago we talked about {{ trigger.opportunity.name }}. If the timing is better now, or something changed, just reply: we'd be glad to help.\n\nThe {{ org.name }} team",
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
];
