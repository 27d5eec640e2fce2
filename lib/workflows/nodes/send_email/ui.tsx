import { Mail } from "lucide-react";
import { defineNodeUi, text } from "../ui-types";

export const sendEmailUi = defineNodeUi({
  icon: Mail,
  fields: [
    { kind: "text", name: "to", label: "To", placeholder: "{{ trigger.contact.email }}" },
    {
      kind: "text",
      name: "subject",
      label: "Subject",
      placeholder: "Thanks for your order, {{ trigger.contact.first_name }}",
    },
    { kind: "text", name: "body", label: "Message", multiline: true, rows: 6 },
    { kind: "text", name: "reply_to", label: "Reply-to", optional: true, placeholder: "sales@example.com" },
  ],
  summary: (config) => (text(config, "to") ? `To ${text(config, "to")}` : null),
});
