import { Globe } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { HTTP_METHODS } from ".";

export const httpRequestUi = defineNodeUi({
  icon: Globe,
  fields: [
    { kind: "select", name: "method", label: "Method", options: options(HTTP_METHODS) },
    {
      kind: "text",
      name: "url",
      label: "URL",
      placeholder: "https://api.example.com/orders/{{ trigger.body.id }}",
    },
    {
      kind: "keyValue",
      name: "headers",
      label: "Headers",
      keyLabel: "Header",
      valueLabel: "Value",
      addLabel: "Add header",
      optional: true,
    },
    {
      kind: "text",
      name: "body",
      label: "Body",
      optional: true,
      multiline: true,
      mono: true,
      rows: 5,
      placeholder: '{ "email": "{{ trigger.body.email }}" }',
      visible: (config) => config.method !== "GET",
    },
    { kind: "number", name: "timeout_seconds", label: "Timeout (seconds)", min: 1, max: 60 },
    { kind: "boolean", name: "fail_on_error_status", label: "Fail the step on a 4xx or 5xx answer" },
  ],
  summary: (config) => `${text(config, "method") || "POST"} ${text(config, "url") || "…"}`,
});
