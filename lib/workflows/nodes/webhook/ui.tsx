import { Webhook } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { WEBHOOK_METHODS } from ".";

export const webhookUi = defineNodeUi({
  icon: Webhook,
  fields: [
    {
      kind: "select",
      name: "method",
      label: "HTTP method",
      options: options(WEBHOOK_METHODS),
      hint: "The webhook URL accepts this method only.",
    },
    {
      kind: "text",
      name: "sample_body",
      label: "Sample body (JSON)",
      optional: true,
      multiline: true,
      mono: true,
      expressions: false,
      placeholder: '{ "email": "ana@example.com", "total": 42 }',
      hint: "Paste an example request body: later steps can then autocomplete trigger.body.…",
    },
  ],
  summary: (config) => `${text(config, "method") || "POST"} request received`,
});
