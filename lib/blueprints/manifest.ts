import { z } from "zod";
import { AGENT_PROVIDERS, agentToolSchema } from "@/lib/agents/schemas";
import { BOT_LANGUAGES } from "@/lib/chatbots/languages";
import { jsonValueDepth, MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import { workflowDefinitionSchema } from "@/lib/workflows/definition";

/**
 * A blueprint version's manifest: the content of every item it installs, and the variables an
 * installing organization fills in. Checked here (size, depth, shape) before any database work,
 * when publishing and again when installing. Items are keyed `<kind>:<the publisher's item id>`,
 * so the same item keeps its key from one version to the next (what update compares by).
 *
 * A string anywhere in an item may hold `{{blueprint.<variable>}}`, replaced at install by the
 * value given; a string that is exactly the publisher's id of another item of the manifest (an
 * agent picked by a workflow step, a workflow an agent starts) becomes the installed item's id.
 */

export const MANIFEST_FORMAT = 1;
export const MAX_MANIFEST_BYTES = 16_000_000;
export const MAX_MANIFEST_CHUNKS = 20_000;
export const ITEM_KINDS = ["agent", "workflow", "bot", "commission_plan"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const VARIABLE_TYPES = {
  text: "Text",
  ghl_location_id: "GoHighLevel location id",
  ghl_calendar_id: "GoHighLevel calendar id",
  email: "Email address",
  url: "Web address",
  number: "Number",
} as const;
export type VariableType = keyof typeof VARIABLE_TYPES;

export const PLACEHOLDER = /\{\{\s*blueprint\.([a-z][a-z0-9_]{0,39})\s*\}\}/g;

export const variableSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "A variable's key: lower-case letters, digits and _."),
  label: z.string().trim().min(1, "Name the variable.").max(120),
  type: z.enum(Object.keys(VARIABLE_TYPES) as [VariableType, ...VariableType[]]),
  required: z.boolean().default(true),
  description: z.string().trim().max(500).default(""),
});
export type BlueprintVariable = z.output<typeof variableSchema>;

const itemKey = (kind: ItemKind) =>
  z.string().regex(new RegExp(`^${kind}:[0-9a-f-]{36}$`), `A ${kind} key is ${kind}:<uuid>.`);
const text = (max: number) => z.string().max(max);
const jsonObject = z.record(z.string(), z.unknown());

const workflowItem = z.object({
  key: itemKey("workflow"),
  name: z.string().trim().min(1).max(200),
  description: text(2000),
  definition: workflowDefinitionSchema,
});

const agentItem = z.object({
  key: itemKey("agent"),
  name: z.string().trim().min(1).max(200),
  description: text(1000),
  instructions: text(20_000),
  model: text(200).nullable(),
  provider: z.enum(AGENT_PROVIDERS).nullable(),
  temperature: z.number().min(0).max(2),
  output_schema: jsonObject.nullable(),
  tools: z.array(agentToolSchema).max(20),
});

const chunkSchema = z.object({
  position: z.number().int().min(0).max(1_000_000),
  heading: text(1000),
  content: z.string().min(1).max(20_000),
  token_count: z.number().int().min(0).max(100_000),
  page: z.number().int().min(0).max(100_000).nullable(),
});

const botItem = z.object({
  key: itemKey("bot"),
  name: z.string().trim().min(1).max(120),
  description: text(1000),
  persona: text(8000),
  greeting: text(2000),
  fallback_message: z.string().min(1).max(2000),
  model_settings: z.object({
    model: z.string().min(1).max(100),
    temperature: z.number().min(0).max(2),
    max_tokens: z.number().int().min(16).max(4000),
  }),
  language: z.enum(Object.keys(BOT_LANGUAGES) as [keyof typeof BOT_LANGUAGES]),
  flow: workflowDefinitionSchema,
  documents: z
    .array(z.object({ title: z.string().min(1).max(300), chunks: z.array(chunkSchema).max(10_000) }))
    .max(500),
});

const ruleSchema = z.object({
  name: z.string().min(1).max(200),
  member_type: z.enum(["sales", "support", "operations"]).nullable(),
  kind: z.enum(["percentage", "flat", "tiered"]),
  rate_percent: z.string().max(20).nullable(),
  flat_amount_minor: z.number().int().nullable(),
  quota_minor: z.number().int().nullable(),
  tiers: z.array(jsonObject).max(20).nullable(),
  accelerator_multiplier: z.string().max(20).nullable(),
  cap_per_period_minor: z.number().int().nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  position: z.number().int().min(0).max(1000),
});

const commissionPlanItem = z.object({
  key: itemKey("commission_plan"),
  name: z.string().trim().min(1).max(200),
  description: text(2000),
  rules: z.array(ruleSchema).max(50),
});

export const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    variables: z.array(variableSchema).max(30),
    agents: z.array(agentItem).max(50),
    workflows: z.array(workflowItem).max(200),
    bots: z.array(botItem).max(20),
    commission_plans: z.array(commissionPlanItem).max(20),
  })
  .superRefine((m, ctx) => {
    const keys = new Set<string>();
    for (const item of allItems(m)) {
      if (keys.has(item.key))
        ctx.addIssue({ code: "custom", message: `The item ${item.key} is twice in it.` });
      keys.add(item.key);
    }
    const declared = new Set(m.variables.map((v) => v.key));
    if (declared.size !== m.variables.length)
      ctx.addIssue({ code: "custom", message: "Each variable is declared once." });
    for (const used of placeholdersIn(m)) {
      if (!declared.has(used))
        ctx.addIssue({ code: "custom", message: `{{blueprint.${used}}} is used but not declared.` });
    }
    const chunks = m.bots.reduce((n, b) => n + b.documents.reduce((k, d) => k + d.chunks.length, 0), 0);
    if (chunks > MAX_MANIFEST_CHUNKS)
      ctx.addIssue({
        code: "custom",
        message: `At most ${MAX_MANIFEST_CHUNKS} knowledge chunks in a blueprint.`,
      });
  });
export type Manifest = z.output<typeof manifestSchema>;
export type WorkflowItem = z.output<typeof workflowItem>;
export type AgentItem = z.output<typeof agentItem>;
export type BotItem = z.output<typeof botItem>;
export type CommissionPlanItem = z.output<typeof commissionPlanItem>;
export type ManifestItem = WorkflowItem | AgentItem | BotItem | CommissionPlanItem;

/** Checks size and depth first, then the shape: a clear refusal, never a crash on a huge input. */
export function parseManifest(
  value: unknown,
): { ok: true; manifest: Manifest } | { ok: false; message: string } {
  if (jsonValueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    return { ok: false, message: `The blueprint is nested too deeply (at most ${MAX_JSON_DEPTH} levels).` };
  const size = Buffer.byteLength(JSON.stringify(value) ?? "");
  if (size > MAX_MANIFEST_BYTES)
    return { ok: false, message: `The blueprint is too large (${Math.ceil(size / 1e6)} MB; at most 16 MB).` };
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? ` (at ${issue.path.join(".")})` : "";
  return { ok: false, message: `The blueprint is not valid: ${issue.message}${where}` };
}

export function kindOfKey(key: string): ItemKind {
  return key.slice(0, key.indexOf(":")) as ItemKind;
}

export function sourceIdOfKey(key: string): string {
  return key.slice(key.indexOf(":") + 1);
}

export function allItems(m: Omit<Manifest, "format" | "variables">): ManifestItem[] {
  return [...m.agents, ...m.workflows, ...m.bots, ...m.commission_plans];
}

export function itemName(item: ManifestItem): string {
  return item.name;
}

function walkStrings(value: unknown, visit: (s: string) => string): unknown {
  if (typeof value === "string") return visit(value);
  if (Array.isArray(value)) return value.map((v) => walkStrings(v, visit));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walkStrings(v, visit)]));
  return value;
}

function placeholdersIn(value: unknown): Set<string> {
  const found = new Set<string>();
  walkStrings(value, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) found.add(m[1]!);
    return s;
  });
  return found;
}

/** The item as installed: variables put in, other items' publisher ids turned into installed ids. */
export function renderItem<T extends ManifestItem>(
  item: T,
  values: Record<string, string>,
  ids: ReadonlyMap<string, string>,
): T {
  return walkStrings(item, (s) => {
    const mapped = ids.get(s);
    if (mapped) return mapped;
    return s.includes("{{") ? s.replace(PLACEHOLDER, (_m, key: string) => values[key] ?? "") : s;
  }) as T;
}

/** JSON with keys sorted at every level: the same content always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

export function manifestSummary(m: Manifest) {
  return {
    workflows: m.workflows.length,
    bots: m.bots.length,
    agents: m.agents.length,
    commission_plans: m.commission_plans.length,
    chunks: m.bots.reduce((n, b) => n + b.documents.reduce((k, d) => k + d.chunks.length, 0), 0),
  };
}
export type ManifestSummary = ReturnType<typeof manifestSummary>;
