import { z } from "zod";
import { optionalText, requiredText } from "../schema-helpers";
import { defineNodeType, IN, looseString, singleOutput, type OutputField } from "../types";

export const GHL_OPERATIONS = {
  add_tag: "Add tags to a contact",
  upsert_contact: "Create or update a contact",
  create_opportunity: "Create an opportunity",
  send_sms: "Send a text message (SMS)",
} as const;

/** GoHighLevel's longest SMS body (it splits longer texts into segments up to this). */
export const GHL_SMS_MAX = 1600;

const contactId = requiredText("the contact id (usually an expression)", 200);

export const ghlNode = defineNodeType({
  type: "ghl",
  label: "GoHighLevel",
  description: "Works with your GoHighLevel location: tags, contacts, opportunities, text messages.",
  category: "action",
  externalEffects: true,
  configSchema: z.discriminatedUnion(
    "operation",
    [
      z.object({
        operation: z.literal("add_tag"),
        contact_id: contactId,
        /** Comma-separated; expressions allowed. */
        tags: requiredText("at least one tag", 1000),
      }),
      z.object({
        operation: z.literal("upsert_contact"),
        email: requiredText("an email address or an expression", 320),
        first_name: optionalText(200),
        last_name: optionalText(200),
        phone: optionalText(50),
        tags: optionalText(1000),
      }),
      z.object({
        operation: z.literal("create_opportunity"),
        contact_id: contactId,
        pipeline_id: requiredText("the pipeline id", 200),
        stage_id: requiredText("the stage id", 200),
        name: requiredText("a name", 300),
        monetary_value: optionalText(100),
      }),
      z.object({
        operation: z.literal("send_sms"),
        contact_id: contactId,
        /** Sent from the location's phone number, into the contact's conversation. */
        message: requiredText("the text message", GHL_SMS_MAX),
      }),
    ],
    { error: "Choose what to do in GoHighLevel." },
  ),
  defaults: { operation: "add_tag", contact_id: "", tags: "" },
  inputs: IN,
  outputs: singleOutput,
  outputFields: (config): OutputField[] => {
    switch (looseString(config, "operation")) {
      case "upsert_contact":
        return [
          { name: "contact_id", type: "string", description: "The contact's id in GoHighLevel" },
          { name: "created", type: "boolean", description: "True when the contact is new" },
        ];
      case "create_opportunity":
        return [{ name: "opportunity_id", type: "string", description: "The new opportunity's id" }];
      case "send_sms":
        return [
          { name: "message_id", type: "string", description: "The message's id in GoHighLevel" },
          { name: "conversation_id", type: "string", description: "The contact's conversation" },
        ];
      default:
        return [{ name: "tags", type: "array", description: "The contact's tags afterwards" }];
    }
  },
});
