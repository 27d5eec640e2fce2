import { z } from "zod";
import { fieldsFromSample, jsonText } from "../schema-helpers";
import { defineNodeType, singleOutput } from "../types";

export const WEBHOOK_METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"] as const;

export const webhookNode = defineNodeType({
  type: "webhook",
  label: "Webhook",
  description: "Starts when an HTTP request arrives at the workflow's own URL.",
  category: "trigger",
  configSchema: z.object({
    method: z.enum(WEBHOOK_METHODS, { error: "Choose an HTTP method." }).default("POST"),
    /**
     * Kept so definitions made before still read the same; every webhook URL now carries the
     * workflow's random token, always required (lib/workflows/webhook-tokens.ts).
     */
    require_secret: z.boolean().default(true),
    /** An example body, so later steps can autocomplete `trigger.body.…`. */
    sample_body: jsonText,
  }),
  defaults: { method: "POST", require_secret: true, sample_body: "" },
  inputs: [],
  outputs: singleOutput,
  outputFields: (config) => [
    {
      name: "body",
      type: "any",
      description: "The request body (JSON)",
      children: fieldsFromSample(config.sample_body),
    },
    { name: "headers", type: "object", description: "Request headers, lowercase names" },
    { name: "query", type: "object", description: "Query-string parameters" },
    { name: "method", type: "string", description: "The HTTP method" },
    { name: "received_at", type: "string", description: "When it arrived (ISO 8601)" },
  ],
});
