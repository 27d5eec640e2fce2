import { z } from "zod";
import { jsonFormField } from "@/lib/http/input-limits";
import { MAX_AGENT_REPLY } from "./sessions";
import { BOT_LANGUAGES, BOT_STATUSES, type BotLanguage } from "./bots";
import { parseOrigins, widgetAppearanceSchema } from "./widget-appearance";
import { textDocumentInputSchema } from "./documents";
import { flowDefinitionSchema } from "./flow/definition";
import { botFlowTemplates, DEFAULT_BOT_TEMPLATE } from "./flow/templates";
import { MAX_VISITOR_MESSAGE } from "./runtime";

/**
 * Form schemas of the chatbot console's server actions (console-actions.ts; a "use server" module
 * may export only async functions). Every form also carries the hidden `organization` field.
 */

const botId = z.uuid("That bot could not be found.");
const sessionId = z.uuid("That conversation could not be found.");
const documentId = z.uuid("That document could not be found.");

const name = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(120, "Use at most 120 characters.");
const description = z.string().trim().max(1000, "Use at most 1000 characters.").default("");

export const createBotSchema = z.object({
  name,
  description,
  template: z
    .enum(botFlowTemplates.map((t) => t.key) as [string, ...string[]], {
      error: "Choose one of the flows offered.",
    })
    .default(DEFAULT_BOT_TEMPLATE),
});

/**
 * One origin per line (or separated by commas or spaces), each checked and normalised; every wrong
 * entry is named in the field's one message (the form shows messages per field).
 */
export const originsField = z
  .string()
  .max(20_000, "That is too many origins.")
  .default("")
  .transform((text, ctx) => {
    const { origins, errors } = parseOrigins(text);
    if (errors.length) {
      ctx.addIssue({ code: "custom", message: errors.join(" ") });
      return z.NEVER;
    }
    return origins;
  });

const number = (what: string, min: number, max: number, int = false) =>
  z.coerce
    .number({ error: `Enter the ${what} as a number.` })
    .refine(Number.isFinite, `Enter the ${what} as a number.`)
    .refine((v) => !int || Number.isInteger(v), `Enter the ${what} as a whole number.`)
    .refine((v) => v >= min && v <= max, `The ${what} is between ${min} and ${max}.`);

export const updateBotSchema = z.object({
  id: botId,
  name,
  description,
  persona: z.string().trim().max(8000, "Use at most 8000 characters.").default(""),
  greeting: z.string().trim().max(2000, "Use at most 2000 characters.").default(""),
  fallback_message: z
    .string({ error: "Enter what the bot says when it has no answer." })
    .trim()
    .min(1, "Enter what the bot says when it has no answer.")
    .max(2000, "Use at most 2000 characters."),
  status: z.enum(BOT_STATUSES, { error: "Choose a status." }),
  model: z.string().trim().min(1, "Enter a model name.").max(100, "Use at most 100 characters."),
  temperature: number("temperature", 0, 2),
  max_tokens: number("answer length", 16, 4000, true),
  allowed_origins: originsField,
  language: z
    .enum(Object.keys(BOT_LANGUAGES) as [BotLanguage], { error: "Choose a language." })
    .default("english"),
  widget_title: widgetAppearanceSchema.shape.title,
  widget_color: widgetAppearanceSchema.shape.color,
  widget_text_color: widgetAppearanceSchema.shape.text_color,
  widget_position: widgetAppearanceSchema.shape.position,
  widget_launcher_text: widgetAppearanceSchema.shape.launcher_text,
});

export const botIdSchema = z.object({ id: botId });

export const saveFlowSchema = z.object({
  id: botId,
  expected_version: z.coerce.number({ error: "The flow's version is missing." }).int().min(0),
  definition: jsonFormField({
    maxChars: 900_000,
    missing: "The flow was not sent.",
    tooLarge: "This flow is too large to save.",
    invalid: "The flow was not sent as valid JSON.",
  }).pipe(flowDefinitionSchema),
});

/** Typed or pasted text: the knowledge base's own input schema, with the bot it goes to. */
export const textDocumentSchema = textDocumentInputSchema.extend({ bot_id: botId });

export const documentIdSchema = z.object({ bot_id: botId, document_id: documentId });

export const replySchema = z.object({
  session_id: sessionId,
  text: z
    .string({ error: "Write a reply first." })
    .trim()
    .min(1, "Write a reply first.")
    .max(MAX_AGENT_REPLY, `Keep replies under ${MAX_AGENT_REPLY} characters.`),
});

export const sessionIdSchema = z.object({ session_id: sessionId });

export const testChatStartSchema = z.object({ bot_id: botId });
export const testChatMessageSchema = z.object({
  bot_id: botId,
  session_id: sessionId,
  token: z.string().min(1).max(200),
  text: z
    .string({ error: "Type a message." })
    .trim()
    .min(1, "Type a message.")
    .max(MAX_VISITOR_MESSAGE, `Keep messages under ${MAX_VISITOR_MESSAGE} characters.`),
});

/** A test-chat message to the streamed route (the bot is the route's). */
export const testChatStreamSchema = testChatMessageSchema.omit({ bot_id: true });

/** The fields sent with an uploaded file (the file itself is checked by lib/chatbots/documents.ts). */
export const uploadFieldsSchema = z.object({
  bot_id: botId,
  title: z
    .string()
    .trim()
    .max(300, "Use at most 300 characters.")
    .optional()
    .transform((v) => v || undefined),
});
