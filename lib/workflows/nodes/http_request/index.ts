import { z } from "zod";
import { httpUrl, keyValueList, optionalText, textOrExpression } from "../schema-helpers";
import { defineNodeType, IN, singleOutput } from "../types";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const httpRequestNode = defineNodeType({
  type: "http_request",
  label: "HTTP request",
  description: "Calls a URL: an API, a Slack or Teams webhook, another service.",
  category: "action",
  externalEffects: true,
  configSchema: z.object({
    method: z.enum(HTTP_METHODS, { error: "Choose an HTTP method." }).default("POST"),
    url: textOrExpression("a URL", httpUrl, "Enter a full http:// or https:// URL, or an expression."),
    headers: keyValueList,
    /** Sent for every method but GET; expressions allowed. */
    body: optionalText(20_000),
    timeout_seconds: z.coerce
      .number({ error: "Enter a number of seconds." })
      .int("Use whole seconds.")
      .min(1, "Use at least 1 second.")
      .max(60, "Use at most 60 seconds.")
      .default(30),
    /** Treat 4xx and 5xx answers as a failed step. */
    fail_on_error_status: z.boolean().default(true),
  }),
  defaults: {
    method: "POST",
    url: "",
    headers: [{ key: "Content-Type", value: "application/json" }],
    body: "",
    timeout_seconds: 30,
    fail_on_error_status: true,
  },
  inputs: IN,
  outputs: singleOutput,
  outputFields: () => [
    { name: "status", type: "number", description: "HTTP status code" },
    { name: "ok", type: "boolean", description: "True for 2xx answers" },
    { name: "headers", type: "object", description: "Response headers" },
    { name: "body", type: "any", description: "Response body (parsed when JSON)" },
  ],
});
