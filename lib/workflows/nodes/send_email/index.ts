import { z } from "zod";
import { emailAddress, optionalText, requiredText, textOrExpression } from "../schema-helpers";
import { defineNodeType, IN, singleOutput } from "../types";

export const sendEmailNode = defineNodeType({
  type: "send_email",
  label: "Send email",
  description: "Sends an email from your organization's address.",
  category: "action",
  externalEffects: true,
  configSchema: z.object({
    to: textOrExpression("a recipient", emailAddress, "Enter an email address or an expression.", 320),
    subject: requiredText("a subject", 300),
    body: requiredText("the message", 20_000),
    reply_to: optionalText(320).refine(
      (v) => v === "" || v.includes("{{") || emailAddress(v),
      "Enter an email address or an expression.",
    ),
  }),
  defaults: { to: "", subject: "", body: "", reply_to: "" },
  inputs: IN,
  outputs: singleOutput,
  outputFields: () => [
    { name: "message_id", type: "string", description: "The sent message's id" },
    { name: "to", type: "string", description: "Where it went" },
  ],
});
