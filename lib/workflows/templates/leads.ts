import { addTag, email, end, flow, notify, sms, webhook, when, type CatalogTemplate } from "./build";

/** Templates for the first minutes of a lead: answer fast, tag, tell sales. */

/** What a GoHighLevel workflow's Webhook action posts about a contact (standard fields). */
const ghlContact = {
  contact_id: "pL3kQ8vZx2mN7rT1yW4s",
  first_name: "Ana",
  last_name: "Silva",
  full_name: "Ana Silva",
  email: "ana@example.com",
  phone: "+15550101234",
};

export const leadTemplates: CatalogTemplate[] = [
  {
    key: "ghl-form-lead-follow-up",
    name: "GHL form lead → instant follow-up",
    category: "Leads",
    description:
      "When a GoHighLevel form is submitted, thank the lead at once, alert sales, and nudge the lead again two days later.",
    definition: flow(
      [
        {
          id: "webhook_1",
          type: "webhook",
          label: "Form submitted in GHL",
          config: webhook({
            ...ghlContact,
            form_name: "Free roof inspection",
            message: "Leak above the garage",
          }),
          at: [0, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Tag as form lead",
          config: addTag("{{ trigger.body.contact_id }}", "form-lead"),
          at: [1, 0],
        },
        {
          id: "send_email_1",
          type: "send_email",
          label: "Thank the lead",
          config: email(
            "{{ trigger.body.email }}",
            "Thanks, {{ trigger.body.first_name }}: we got your request",
            "Hi {{ trigger.body.first_name }},\n\nThanks for reaching out to {{ org.name }} about “{{ trigger.body.form_name }}”. Someone from our team will call you shortly.\n\nThe {{ org.name }} team",
          ),
          at: [2, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Alert sales",
          config: notify(
            "everyone",
            "New form lead: {{ trigger.body.full_name }}",
            "{{ trigger.body.form_name }}: “{{ trigger.body.message }}”\nCall {{ trigger.body.phone }} within 5 minutes: speed wins deals.",
          ),
          at: [3, 0],
        },
        {
          id: "delay_1",
          type: "delay",
          label: "Wait 2 days",
          config: { amount: 2, unit: "days" },
          at: [4, 0],
        },
        {
          id: "send_email_2",
          type: "send_email",
          label: "Nudge the lead",
          config: email(
            "{{ trigger.body.email }}",
            "Still thinking it over, {{ trigger.body.first_name }}?",
            "Hi {{ trigger.body.first_name }},\n\nJust checking in on your request. Reply to this email with a good time to talk and we'll call you then.\n\nThe {{ org.name }} team",
          ),
          at: [5, 0],
        },
      ],
      [
        ["webhook_1", "ghl_1"],
        ["ghl_1", "send_email_1"],
        ["send_email_1", "notify_1"],
        ["notify_1", "delay_1"],
        ["delay_1", "send_email_2"],
      ],
    ),
  },
  {
    key: "missed-call-text-back",
    name: "Missed call → text back",
    category: "Leads",
    description:
      "When a call is missed in GoHighLevel, text the caller back within seconds and ask the team to call them.",
    definition: flow(
      [
        {
          id: "webhook_1",
          type: "webhook",
          label: "Missed call in GHL",
          config: webhook({ ...ghlContact, call_status: "missed" }),
          at: [0, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Text the caller back",
          config: sms(
            "{{ trigger.body.contact_id }}",
            "Hi {{ trigger.body.first_name }}, sorry we missed your call at {{ org.name }}! How can we help? Reply here and we'll get right back to you.",
          ),
          at: [1, 0],
        },
        {
          id: "ghl_2",
          type: "ghl",
          label: "Tag as missed call",
          config: addTag("{{ trigger.body.contact_id }}", "missed-call"),
          at: [2, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Ask the team to call back",
          config: notify(
            "everyone",
            "Missed call: {{ trigger.body.full_name }}",
            "We texted {{ trigger.body.phone }} back. Call them when you can.",
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
  {
    key: "speed-to-lead",
    name: "New lead → reply within a minute",
    category: "Leads",
    description:
      "Greet every new contact at once: a text when GoHighLevel has their phone, else an email, and a heads-up to the team.",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "New contact",
          config: { event: "contact.created", status: "any" },
          at: [0, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Heads-up to the team",
          config: notify(
            "everyone",
            "New lead: {{ trigger.contact.first_name }} {{ trigger.contact.last_name }}",
            "Source: {{ trigger.contact.source }} · {{ trigger.contact.phone }} · {{ trigger.contact.email }}",
          ),
          at: [1, 0],
        },
        {
          id: "condition_1",
          type: "condition",
          label: "Can we text them?",
          config: when([
            ["{{ trigger.contact.ghl_contact_id }}", "is_not_empty"],
            ["{{ trigger.contact.phone }}", "is_not_empty"],
          ]),
          at: [2, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Text hello",
          config: sms(
            "{{ trigger.contact.ghl_contact_id }}",
            "Hi {{ trigger.contact.first_name }}, thanks for contacting {{ org.name }}! When is a good time for a quick call?",
          ),
          at: [3, -1],
        },
        {
          id: "condition_2",
          type: "condition",
          label: "Has an email?",
          config: when([["{{ trigger.contact.email }}", "is_not_empty"]]),
          at: [3, 1],
        },
        {
          id: "send_email_1",
          type: "send_email",
          label: "Email hello",
          config: email(
            "{{ trigger.contact.email }}",
            "Thanks for contacting {{ org.name }}",
            "Hi {{ trigger.contact.first_name }},\n\nThanks for getting in touch! Reply with a good time for a quick call and we'll take it from there.\n\nThe {{ org.name }} team",
          ),
          at: [4, 0],
        },
        {
          id: "end_1",
          type: "end",
          label: "No way to reach them",
          config: end("No phone or email"),
          at: [4, 2],
        },
      ],
      [
        ["event_1", "notify_1"],
        ["notify_1", "condition_1"],
        ["condition_1", "ghl_1", "true"],
        ["condition_1", "condition_2", "false"],
        ["condition_2", "send_email_1", "true"],
        ["condition_2", "end_1", "false"],
      ],
    ),
  },
  {
    key: "chatbot-lead-to-ghl",
    name: "Chatbot lead → GoHighLevel contact",
    category: "Leads",
    description:
      "When a chatbot conversation brings a lead (its “Start workflow” step), add them to GoHighLevel and tell sales.",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "Chatbot conversation",
          config: { event: "conversation.started", status: "any" },
          at: [0, 0],
        },
        {
          id: "condition_1",
          type: "condition",
          label: "Left an email?",
          config: when([["{{ trigger.contact.email }}", "is_not_empty"]]),
          at: [1, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Create or update in GHL",
          config: {
            operation: "upsert_contact",
            email: "{{ trigger.contact.email }}",
            first_name: "{{ trigger.contact.first_name }}",
            last_name: "{{ trigger.contact.last_name }}",
            phone: "{{ trigger.contact.phone }}",
            tags: "chatbot-lead",
          },
          at: [2, -0.5],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Tell sales",
          config: notify(
            "everyone",
            "Chatbot lead: {{ trigger.contact.email }}",
            "They asked: “{{ trigger.conversation.first_message }}”",
            "/o/{{ org.slug }}/inbox",
          ),
          at: [3, -0.5],
        },
        { id: "end_1", type: "end", label: "Anonymous visitor", config: end("No email left"), at: [2, 0.5] },
      ],
      [
        ["event_1", "condition_1"],
        ["condition_1", "ghl_1", "true"],
        ["condition_1", "end_1", "false"],
        ["ghl_1", "notify_1"],
      ],
    ),
  },
  {
    key: "website-form-to-pipeline",
    name: "Website form → GHL contact + opportunity",
    category: "Leads",
    description:
      "Post your website's form here: the lead becomes a GoHighLevel contact with an opportunity in your pipeline (set its ids).",
    definition: flow(
      [
        {
          id: "webhook_1",
          type: "webhook",
          label: "Website form",
          config: webhook({
            name: "Ana Silva",
            email: "ana@example.com",
            phone: "+15550101234",
            service: "Roof repair",
            budget: 4500,
          }),
          at: [0, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Create or update the contact",
          config: {
            operation: "upsert_contact",
            email: "{{ trigger.body.email }}",
            first_name: "{{ trigger.body.name }}",
            last_name: "",
            phone: "{{ trigger.body.phone }}",
            tags: "website-lead",
          },
          at: [1, 0],
        },
        {
          id: "ghl_2",
          type: "ghl",
          label: "Open an opportunity",
          config: {
            operation: "create_opportunity",
            contact_id: "{{ steps.ghl_1.output.contact_id }}",
            pipeline_id: "your-pipeline-id",
            stage_id: "your-new-lead-stage-id",
            name: "{{ trigger.body.name }}: {{ trigger.body.service }}",
            monetary_value: "{{ trigger.body.budget }}",
          },
          at: [2, 0],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Tell sales",
          config: notify(
            "everyone",
            "Website lead: {{ trigger.body.name }}",
            "{{ trigger.body.service }}, budget {{ trigger.body.budget }}. Call {{ trigger.body.phone }}.",
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
  {
    key: "route-leads-by-source",
    name: "Route new leads by source",
    category: "Leads",
    description:
      "Tag each new GoHighLevel contact by where it came from, and tell the owners about referrals right away.",
    definition: flow(
      [
        {
          id: "event_1",
          type: "event",
          label: "New contact",
          config: { event: "contact.created", status: "any" },
          at: [0, 0],
        },
        {
          id: "condition_1",
          type: "condition",
          label: "From GoHighLevel?",
          config: when([["{{ trigger.contact.ghl_contact_id }}", "is_not_empty"]]),
          at: [1, 0],
        },
        {
          id: "switch_1",
          type: "switch",
          label: "Which source?",
          config: {
            value: "{{ trigger.contact.source }}",
            cases: [
              { id: "c1", label: "Facebook", equals: "facebook" },
              { id: "c2", label: "Google", equals: "google" },
              { id: "c3", label: "Referral", equals: "referral" },
            ],
            fallback: true,
          },
          at: [2, 0],
        },
        {
          id: "ghl_1",
          type: "ghl",
          label: "Tag Facebook lead",
          config: addTag("{{ trigger.contact.ghl_contact_id }}", "facebook-lead"),
          at: [3, -1.5],
        },
        {
          id: "ghl_2",
          type: "ghl",
          label: "Tag Google lead",
          config: addTag("{{ trigger.contact.ghl_contact_id }}", "google-lead"),
          at: [3, -0.5],
        },
        {
          id: "notify_1",
          type: "notify",
          label: "Tell the owners",
          config: notify(
            "owners",
            "Referral: {{ trigger.contact.first_name }} {{ trigger.contact.last_name }}",
            "A referral just came in. Thank whoever sent them!",
          ),
          at: [3, 0.5],
        },
        {
          id: "ghl_3",
          type: "ghl",
          label: "Tag other lead",
          config: addTag("{{ trigger.contact.ghl_contact_id }}", "other-lead"),
          at: [3, 1.5],
        },
      ],
      [
        ["event_1", "condition_1"],
        ["condition_1", "switch_1", "true"],
        ["switch_1", "ghl_1", "c1"],
        ["switch_1", "ghl_2", "c2"],
        ["switch_1", "notify_1", "c3"],
        ["switch_1", "ghl_3", "fallback"],
      ],
    ),
  },
];
