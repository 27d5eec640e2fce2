import { Contact } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { GHL_OPERATIONS } from ".";

const when =
  (...operations: string[]) =>
  (config: Record<string, unknown>) =>
    operations.includes(String(config.operation));

export const ghlUi = defineNodeUi({
  icon: Contact,
  fields: [
    { kind: "select", name: "operation", label: "Action", options: options(GHL_OPERATIONS) },
    {
      kind: "text",
      name: "contact_id",
      label: "Contact id",
      placeholder: "{{ trigger.contact.id }}",
      visible: when("add_tag", "create_opportunity", "send_sms"),
    },
    {
      kind: "text",
      name: "tags",
      label: "Tags",
      placeholder: "new-lead, newsletter",
      hint: "Separate tags with commas.",
      visible: when("add_tag"),
    },
    {
      kind: "text",
      name: "email",
      label: "Email",
      placeholder: "{{ trigger.body.email }}",
      visible: when("upsert_contact"),
    },
    {
      kind: "text",
      name: "first_name",
      label: "First name",
      optional: true,
      visible: when("upsert_contact"),
    },
    { kind: "text", name: "last_name", label: "Last name", optional: true, visible: when("upsert_contact") },
    { kind: "text", name: "phone", label: "Phone", optional: true, visible: when("upsert_contact") },
    {
      kind: "text",
      name: "tags",
      label: "Tags",
      optional: true,
      hint: "Separate tags with commas.",
      visible: when("upsert_contact"),
    },
    { kind: "text", name: "pipeline_id", label: "Pipeline id", visible: when("create_opportunity") },
    { kind: "text", name: "stage_id", label: "Stage id", visible: when("create_opportunity") },
    { kind: "text", name: "name", label: "Opportunity name", visible: when("create_opportunity") },
    {
      kind: "text",
      name: "monetary_value",
      label: "Value",
      optional: true,
      placeholder: "{{ trigger.payment.amount }}",
      visible: when("create_opportunity"),
    },
    {
      kind: "text",
      name: "message",
      label: "Text message",
      multiline: true,
      rows: 4,
      placeholder: "Hi {{ trigger.contact.first_name }}, …",
      hint: "Sent from your GoHighLevel location's number into the contact's conversation.",
      visible: when("send_sms"),
    },
  ],
  summary: (config) => {
    const op = text(config, "operation");
    return Object.hasOwn(GHL_OPERATIONS, op) ? GHL_OPERATIONS[op as keyof typeof GHL_OPERATIONS] : null;
  },
});
