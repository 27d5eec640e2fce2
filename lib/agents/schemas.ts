import { z } from "zod";
import { jsonFormField } from "@/lib/http/input-limits";

/**
 * What an agent is (the form and the rows), its tools, and what a run answers. Kept free of
 * server-only imports: the agent form and the workflow step's panel read these too.
 */

/** lib/llm/config.ts's providers (not imported: that module loads every provider's SDK). */
export const AGENT_PROVIDERS = ["openai", "anthropic", "google", "openai-compatible"] as const;

export const AGENT_TOOL_TYPES = ["knowledge_search", "http_request", "start_workflow"] as const;
export type AgentToolType = (typeof AGENT_TOOL_TYPES)[number];

export const agentToolSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("knowledge_search"),
    bot_id: z.uuid({ error: "Choose a chatbot's knowledge." }),
  }),
  z.object({ type: z.literal("http_request") }),
  z.object({ type: z.literal("start_workflow"), workflow_id: z.uuid({ error: "Choose a workflow." }) }),
]);
export type AgentTool = z.infer<typeof agentToolSchema>;

export const agentToolsSchema = z
  .array(agentToolSchema)
  .max(20, "Give an agent at most 20 tools.")
  .superRefine((tools, ctx) => {
    const seen = new Set<string>();
    for (const t of tools) {
      if (seen.has(t.type)) ctx.addIssue({ code: "custom", message: "Each kind of tool can be given once." });
      seen.add(t.type);
    }
  });

/** A JSON schema for the answer: an object at the top, at most 20,000 characters, 10 levels. */
export const outputSchemaField = z.union([z.literal("").transform(() => null), z.string()]).pipe(
  z.union([
    z.null(),
    jsonFormField({
      maxChars: 20_000,
      maxDepth: 10,
      missing: "Enter a JSON schema.",
      tooLarge: "Keep the schema under 20,000 characters.",
      invalid: "The schema is not valid JSON.",
    }).pipe(
      z
        .record(z.string(), z.unknown(), { error: "The schema must be a JSON object." })
        .refine((s) => s.type === "object", 'The schema\'s top level must be { "type": "object", … }.'),
    ),
  ]),
);

export const agentFieldsSchema = z.object({
  name: z.string().trim().min(1, "Give the agent a name.").max(200, "Use at most 200 characters."),
  description: z.string().trim().max(1000, "Use at most 1,000 characters.").default(""),
  instructions: z
    .string()
    .trim()
    .min(1, "Write what the agent should do.")
    .max(20_000, "Use at most 20,000 characters."),
  model: z.string().trim().max(200, "Use at most 200 characters.").default(""),
  /** "" is the server's provider (LLM_PROVIDER). */
  provider: z.enum(["", ...AGENT_PROVIDERS], { error: "Choose a provider." }).default(""),
  temperature: z.coerce
    .number({ error: "Enter a number from 0 to 2." })
    .min(0, "Use 0 to 2.")
    .max(2, "Use 0 to 2.")
    .default(0.2),
  output_schema: outputSchemaField.default(null),
  tools: jsonFormField({
    maxChars: 20_000,
    maxDepth: 4,
    missing: "The tools are missing.",
    tooLarge: "Too many tools.",
    invalid: "The tools are not valid.",
  }).pipe(agentToolsSchema),
});
export type AgentFields = z.output<typeof agentFieldsSchema>;

export const agentUpdateSchema = agentFieldsSchema.extend({ id: z.uuid({ error: "Unknown agent." }) });
export const agentIdSchema = z.object({ id: z.uuid({ error: "Unknown agent." }) });

export const agentRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  instructions: z.string(),
  model: z.string().nullable(),
  provider: z.enum(AGENT_PROVIDERS).nullable(),
  temperature: z.coerce.number(),
  output_schema: z.record(z.string(), z.unknown()).nullable(),
  tools: z.array(agentToolSchema).catch([]),
  version: z.number().int(),
  status: z.string(),
  created_at: z.coerce.date(),
  updated_at: z.coerce.date(),
});
export type Agent = z.infer<typeof agentRowSchema>;

export const agentSummarySchema = agentRowSchema
  .pick({ id: true, name: true, description: true, model: true, version: true, updated_at: true })
  .extend({
    runs: z.coerce.number(),
    cost_usd: z.coerce.number(),
    last_run_at: z.coerce.date().nullable(),
  });
export type AgentSummary = z.infer<typeof agentSummarySchema>;

export const agentRunRowSchema = z.object({
  id: z.uuid(),
  agent_version: z.number().int().nullable(),
  source: z.enum(["workflow", "playground", "bot"]),
  execution_id: z.uuid().nullable(),
  model: z.string(),
  status: z.enum(["completed", "failed"]),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.coerce.number(),
  duration_ms: z.number().int().nullable(),
  created_at: z.coerce.date(),
});
export type AgentRun = z.infer<typeof agentRunRowSchema>;

export const agentTotalsSchema = z.object({
  runs: z.coerce.number(),
  failed: z.coerce.number(),
  tokens_in: z.coerce.number(),
  tokens_out: z.coerce.number(),
  cost_usd: z.coerce.number(),
  avg_duration_ms: z.coerce.number().nullable(),
});
export type AgentTotals = z.infer<typeof agentTotalsSchema>;

/** The playground's request body. */
export const playgroundRequestSchema = z.object({
  input: z
    .string()
    .trim()
    .min(1, "Write a message for the agent.")
    .max(8000, "Use at most 8,000 characters."),
});
