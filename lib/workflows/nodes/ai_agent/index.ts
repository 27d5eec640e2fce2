import { z } from "zod";
import { identifier, optionalText, requiredText } from "../schema-helpers";
import { defineNodeType, IN, looseItems, looseString, singleOutput, type OutputField } from "../types";

export const AI_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1"] as const;
export const AI_FIELD_TYPES = ["string", "number", "boolean", "array", "object"] as const;

export const aiAgentNode = defineNodeType({
  type: "ai_agent",
  label: "AI agent",
  description:
    "Asks a language model, optionally for an answer in a structure you define, or runs one of the organization's agents.",
  category: "action",
  externalEffects: true,
  configSchema: z
    .object({
      /** One of the organization's agents (lib/agents): its instructions, model, tools and schema; the prompt is its input. */
      agent_id: z.union([z.literal(""), z.uuid({ error: "Choose an agent." })]).default(""),
      model: z.enum(AI_MODELS, { error: "Choose a model." }).default("gpt-4o-mini"),
      system: optionalText(10_000),
      prompt: requiredText("a prompt", 20_000),
      temperature: z.coerce
        .number({ error: "Enter a number." })
        .min(0, "Use 0 to 2.")
        .max(2, "Use 0 to 2.")
        .default(0.2),
      output_format: z.enum(["text", "json"]).default("text"),
      /** For json output: the fields the answer must have. */
      output_schema: z
        .array(
          z.object({
            name: identifier,
            type: z.enum(AI_FIELD_TYPES, { error: "Choose a type." }).default("string"),
            description: optionalText(500),
          }),
        )
        .max(30, "Use at most 30 fields.")
        .default([]),
    })
    .superRefine((config, ctx) => {
      if (!config.agent_id && config.output_format === "json" && config.output_schema.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["output_schema"],
          message: "Add at least one field to the structure.",
        });
      }
      const seen = new Set<string>();
      config.output_schema.forEach((field, i) => {
        if (seen.has(field.name)) {
          ctx.addIssue({
            code: "custom",
            path: ["output_schema", i, "name"],
            message: "Each field needs its own name.",
          });
        }
        seen.add(field.name);
      });
    }),
  defaults: {
    agent_id: "",
    model: "gpt-4o-mini",
    system: "",
    prompt: "",
    temperature: 0.2,
    output_format: "text",
    output_schema: [],
  },
  inputs: IN,
  outputs: singleOutput,
  outputFields: (config) => {
    const fields: OutputField[] = [
      { name: "text", type: "string", description: "The model's answer as text" },
    ];
    if (looseString(config, "agent_id")) {
      fields.push({
        name: "data",
        type: "object",
        description: "The structured answer, when the agent has an output schema",
      });
    } else if (looseString(config, "output_format") === "json") {
      fields.push({
        name: "data",
        type: "object",
        description: "The structured answer",
        children: looseItems(config, "output_schema")
          .filter((f) => typeof f.name === "string" && f.name !== "")
          .map((f) => ({
            name: f.name as string,
            type: (AI_FIELD_TYPES as readonly unknown[]).includes(f.type)
              ? (f.type as OutputField["type"])
              : "any",
            ...(typeof f.description === "string" && f.description ? { description: f.description } : {}),
          })),
      });
    }
    fields.push({
      name: "usage",
      type: "object",
      description: "Tokens used",
      children: [
        { name: "input_tokens", type: "number" },
        { name: "output_tokens", type: "number" },
      ],
    });
    return fields;
  },
});
