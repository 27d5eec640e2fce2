import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Problem } from "@/lib/workflows/graph";
import { BOT_LANGUAGES, type BotLanguage } from "./languages";
import { DEFAULT_MIN_CONFIDENCE } from "./query";
import { parseOrigin, widgetAppearanceSchema } from "./widget-appearance";
import {
  answerNode,
  canonicalFlow,
  nodeConfig,
  flowDefinitionSchema,
  hasFlowErrors,
  parseFlow,
  readFlow,
  starterFlow,
  validateFlow,
  type FlowDefinition,
} from "./flow/definition";
import { botFlowTemplate, DEFAULT_BOT_TEMPLATE } from "./flow/templates";

/**
 * THE API THE CHATBOT CONSOLE USES for bots and their flows. Every function takes the caller's
 * transaction: as the signed-in user (`withUser(claims, tx => …)`) RLS and the permission matrix
 * (`bots` resource) decide; the functions add clear messages. Bots: create, update, list, get,
 * delete, rotate the public (widget) key, allowed origins. Flows: read, save the draft with a
 * version check, publish.
 */

export const BOT_STATUSES = ["active", "paused", "archived"] as const;
export { BOT_LANGUAGES, type BotLanguage };

const languageSchema = z.enum(Object.keys(BOT_LANGUAGES) as [BotLanguage], {
  error: "Choose a language.",
});
export type BotStatus = (typeof BOT_STATUSES)[number];

export const NOT_FOUND_MESSAGE = "This bot does not exist or was deleted.";
export const FLOW_CONFLICT_MESSAGE =
  "Someone else saved this flow since you opened it, so your latest changes were not saved. Reload to see theirs.";

export const modelSettingsSchema = z.object({
  model: z.string().trim().min(1, "Enter a model name.").max(100).default("gpt-4o-mini"),
  temperature: z.number().min(0).max(2).default(0.2),
  max_tokens: z.number().int().min(16).max(4000).default(400),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** `https://www.example.com`, `http://localhost:3000` or `*`: what a browser sends as Origin. */
export const originSchema = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const parsed = parseOrigin(v);
    if ("origin" in parsed) return parsed.origin;
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  });

const botFields = {
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, "Enter a name.")
    .max(120, "Use at most 120 characters."),
  description: z.string().trim().max(1000, "Use at most 1000 characters."),
  persona: z.string().trim().max(8000, "Use at most 8000 characters."),
  greeting: z.string().trim().max(2000, "Use at most 2000 characters."),
  fallback_message: z
    .string()
    .trim()
    .min(1, "Enter what the bot says when it has no answer.")
    .max(2000, "Use at most 2000 characters."),
  model_settings: modelSettingsSchema,
  status: z.enum(BOT_STATUSES),
  allowed_origins: z.array(originSchema).max(50, "Use at most 50 origins."),
  language: languageSchema,
  widget: widgetAppearanceSchema,
};

export const botInputSchema = z.object({
  ...botFields,
  description: botFields.description.default(""),
  persona: botFields.persona.default(""),
  greeting: botFields.greeting.default("Hi! How can I help you today?"),
  fallback_message: botFields.fallback_message.default(
    "Sorry, I could not find an answer to that. A member of our team can help: just ask for a human.",
  ),
  model_settings: modelSettingsSchema.default({ model: "gpt-4o-mini", temperature: 0.2, max_tokens: 400 }),
  status: botFields.status.default("active"),
  allowed_origins: botFields.allowed_origins.default([]),
  language: languageSchema.default("english"),
  // Unset: the widget's defaults (the organization's brand colour) apply when it is read.
  widget: widgetAppearanceSchema.optional(),
});
export type BotInput = z.input<typeof botInputSchema>;
/** A change to a bot: only the fields given are written (no defaults fill in the others). */
export const botPatchSchema = z.object(botFields).partial();
export type BotPatch = z.input<typeof botPatchSchema>;

export const botSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  name: z.string(),
  description: z.string(),
  persona: z.string(),
  greeting: z.string(),
  fallback_message: z.string(),
  model_settings: modelSettingsSchema,
  status: z.enum(BOT_STATUSES),
  public_key: z.string(),
  allowed_origins: z.array(z.string()),
  language: languageSchema,
  /** As stored: read it with readWidgetAppearance (./widget-appearance), defaults filled in. */
  widget: z.record(z.string(), z.unknown()).catch({}),
  created_at: z.date(),
  updated_at: z.date(),
});
export type Bot = z.infer<typeof botSchema>;

export const botSummarySchema = botSchema.extend({
  document_count: z.number().int(),
  conversation_count: z.number().int(),
  handed_off_count: z.number().int(),
  last_conversation_at: z.date().nullable(),
});
export type BotSummary = z.infer<typeof botSummarySchema>;

const BOT_COLUMNS = `b.id, b.organization_id, b.name, b.description, b.persona, b.greeting, b.fallback_message,
  b.model_settings, b.status, b.public_key, b.allowed_origins, b.language, b.widget, b.created_at, b.updated_at`;

export async function listBots(
  tx: Tx,
  organizationId: string,
  {
    includeArchived = false,
    projectId = null,
  }: { includeArchived?: boolean; projectId?: string | null } = {},
): Promise<BotSummary[]> {
  const rows = await tx.unsafe(
    `select ${BOT_COLUMNS},
       (select count(*)::int from public.documents d where d.bot_id = b.id) as document_count,
       (select count(*)::int from public.conversation_sessions s where s.bot_id = b.id) as conversation_count,
       (select count(*)::int from public.conversation_sessions s where s.bot_id = b.id and s.status = 'handed_off')
         as handed_off_count,
       (select max(s.last_message_at) from public.conversation_sessions s where s.bot_id = b.id) as last_conversation_at
     from public.bots b
     where b.organization_id = $1 and ($2 or b.status <> 'archived') and ($3::uuid is null or b.project_id = $3)
     order by b.status = 'archived', lower(b.name), b.created_at`,
    [organizationId, includeArchived, projectId],
  );
  return z.array(botSummarySchema).parse(rows);
}

export async function getBot(tx: Tx, organizationId: string, botId: string): Promise<Bot> {
  if (!z.uuid().safeParse(botId).success) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  const [row] = await tx.unsafe(
    `select ${BOT_COLUMNS} from public.bots b where b.organization_id = $1 and b.id = $2`,
    [organizationId, botId],
  );
  if (!row) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  return botSchema.parse(row);
}

/**
 * Creates a bot with one of the offered flows (./flow/templates.ts; by default the starter flow:
 * knowledge-base answers, email capture when unanswered) and that flow's greeting unless the input
 * names one.
 */
export async function createBot(
  tx: Tx,
  organizationId: string,
  input: BotInput,
  { template: key = DEFAULT_BOT_TEMPLATE }: { template?: string } = {},
): Promise<Bot> {
  const template = botFlowTemplate(key);
  if (!template)
    throw new AppError("validation_failed", "Choose one of the flows offered.", {
      template: ["Choose one of the flows offered."],
    });
  const b = botInputSchema.parse({ ...input, greeting: input.greeting ?? template.greeting });
  const [row] = await tx<{ id: string }[]>`
    insert into public.bots ${tx({
      organization_id: organizationId,
      name: b.name,
      description: b.description,
      persona: b.persona,
      greeting: b.greeting,
      fallback_message: b.fallback_message,
      model_settings: tx.json(b.model_settings) as never,
      status: b.status,
      allowed_origins: [...new Set(b.allowed_origins)],
      language: b.language,
      widget: tx.json(b.widget ?? {}) as never,
    })}
    returning id`;
  await tx`insert into public.chatbot_workflows (organization_id, bot_id, definition)
           values (${organizationId}, ${row!.id}, ${tx.json(template.flow() as never)})`;
  return getBot(tx, organizationId, row!.id);
}

export async function updateBot(
  tx: Tx,
  organizationId: string,
  botId: string,
  patch: BotPatch,
): Promise<Bot> {
  const p = botPatchSchema.parse(patch);
  const fields: Record<string, unknown> = {};
  for (const key of [
    "name",
    "description",
    "persona",
    "greeting",
    "fallback_message",
    "status",
    "language",
  ] as const) {
    if (p[key] !== undefined) fields[key] = p[key];
  }
  if (p.model_settings) fields.model_settings = tx.json(p.model_settings);
  if (p.widget) fields.widget = tx.json(p.widget);
  if (p.allowed_origins) fields.allowed_origins = [...new Set(p.allowed_origins)];
  if (Object.keys(fields).length) {
    const updated = await tx`update public.bots set ${tx(fields as never)}
                             where organization_id = ${organizationId} and id = ${botId} returning id`;
    if (!updated.length) await notFoundOrForbidden(tx, organizationId, botId);
  }
  return getBot(tx, organizationId, botId);
}

export async function setAllowedOrigins(tx: Tx, organizationId: string, botId: string, origins: string[]) {
  return updateBot(tx, organizationId, botId, { allowed_origins: origins });
}

export async function deleteBot(tx: Tx, organizationId: string, botId: string): Promise<void> {
  const deleted =
    await tx`delete from public.bots where organization_id = ${organizationId} and id = ${botId} returning id`;
  if (!deleted.length) await notFoundOrForbidden(tx, organizationId, botId);
}

/** A new public key; the old embed code stops working at once. Returns the new key. */
export async function rotateBotKey(tx: Tx, botId: string): Promise<string> {
  const [row] = await tx<{ key: string }[]>`select public.rotate_bot_key(${botId}) as key`;
  return row!.key;
}

/** The one tag a website adds to embed the bot (its look comes from the bot's settings). */
export function embedSnippet(bot: Pick<Bot, "public_key">, appUrl: string): string {
  const base = appUrl.replace(/\/+$/, "");
  return `<script src="${base}/widget.js" data-bot-key="${bot.public_key}" async></script>`;
}

async function notFoundOrForbidden(tx: Tx, organizationId: string, botId: string): Promise<never> {
  const [seen] =
    await tx`select 1 from public.bots where organization_id = ${organizationId} and id = ${botId}`;
  if (seen) throw new AppError("forbidden", "You do not have permission to change this bot.");
  throw new AppError("not_found", NOT_FOUND_MESSAGE);
}

// ---------------------------------------------------------------------------------------------
// Flows

export type BotFlow = {
  bot_id: string;
  definition: FlowDefinition;
  published_definition: FlowDefinition | null;
  version: number;
  published_at: Date | null;
  updated_at: Date;
  problems: Problem[];
  /** Steps whose stored config was nested too deeply and was trimmed (readFlow). */
  trimmed_steps?: string[];
};

/**
 * The answer threshold visitors meet: that of the published flow's "Answer from knowledge base"
 * step (the draft's when never published), else the default. The knowledge base's "Test a
 * question" box judges its passages with it, as the chat does.
 */
export function answerThreshold(flow: Pick<BotFlow, "definition" | "published_definition">): number {
  const node = answerNode(flow.published_definition ?? flow.definition);
  const config = node ? nodeConfig<{ min_confidence?: number }>(node) : null;
  return config?.min_confidence ?? DEFAULT_MIN_CONFIDENCE;
}

export async function getBotFlow(tx: Tx, organizationId: string, botId: string): Promise<BotFlow> {
  const [row] = await tx<
    {
      definition: unknown;
      published_definition: unknown;
      version: number;
      published_at: Date | null;
      updated_at: Date;
    }[]
  >`select definition, published_definition, version, published_at, updated_at from public.chatbot_workflows
    where organization_id = ${organizationId} and bot_id = ${botId}`;
  if (!row) {
    await getBot(tx, organizationId, botId); // not found → 404
    return {
      bot_id: botId,
      definition: starterFlow(),
      published_definition: null,
      version: 0,
      published_at: null,
      updated_at: new Date(),
      problems: [],
    };
  }
  const { definition, trimmedSteps } = readFlow(row.definition);
  return {
    bot_id: botId,
    definition,
    published_definition: row.published_definition ? parseFlow(row.published_definition) : null,
    version: row.version,
    published_at: row.published_at,
    updated_at: row.updated_at,
    problems: validateFlow(definition),
    trimmed_steps: trimmedSteps,
  };
}

/**
 * Saves the draft. `expectedVersion` is the version the editor loaded; when someone saved since,
 * nothing is written and a conflict is raised. Returns the new version and the draft's problems.
 */
export async function saveBotFlow(
  tx: Tx,
  organizationId: string,
  botId: string,
  definition: unknown,
  expectedVersion: number,
): Promise<{ version: number; problems: Problem[] }> {
  const parsed = flowDefinitionSchema.safeParse(definition);
  if (!parsed.success)
    throw new AppError("validation_failed", "The flow is not valid: " + parsed.error.issues[0]?.message);
  const flow = canonicalFlow(parsed.data);
  const [row] = await tx<{ version: number }[]>`
    update public.chatbot_workflows set definition = ${tx.json(flow as never)}
    where organization_id = ${organizationId} and bot_id = ${botId} and version = ${expectedVersion}
    returning version`;
  if (!row) {
    const [exists] = await tx<{ version: number }[]>`
      select version from public.chatbot_workflows where organization_id = ${organizationId} and bot_id = ${botId}`;
    if (!exists) {
      await getBot(tx, organizationId, botId);
      const [created] = await tx<{ version: number }[]>`
        insert into public.chatbot_workflows (organization_id, bot_id, definition)
        values (${organizationId}, ${botId}, ${tx.json(flow as never)}) returning version`;
      return { version: created!.version, problems: validateFlow(flow) };
    }
    throw new AppError("conflict", FLOW_CONFLICT_MESSAGE);
  }
  return { version: row.version, problems: validateFlow(flow) };
}

/** Publishes the saved draft (refused while it has errors): visitors get it from their next message. */
export async function publishBotFlow(tx: Tx, organizationId: string, botId: string): Promise<BotFlow> {
  const flow = await getBotFlow(tx, organizationId, botId);
  if (hasFlowErrors(flow.problems)) {
    throw new AppError(
      "validation_failed",
      `Fix the flow before publishing: ${flow.problems.find((p) => p.severity === "error")!.message}`,
    );
  }
  const updated = await tx`
    update public.chatbot_workflows set published_definition = definition, published_at = now()
    where organization_id = ${organizationId} and bot_id = ${botId} returning id`;
  if (!updated.length) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  return getBotFlow(tx, organizationId, botId);
}
