import { z } from "zod";
import { nodeIdSchema } from "@/lib/workflows/definition";
import { parseTestInput } from "./format";

/** Form schemas of the run server actions (actions.ts: a "use server" module exports only functions). */

const executionId = z.uuid("That run could not be found.");

/** JSON text of an object (empty is {}), validated like the builder's editors do. */
const jsonObjectText = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const parsed = parseTestInput(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  });

const workflowId = z.uuid("That workflow could not be found.");
const stepId = nodeIdSchema;

/** The builder's test run: the test input, and the outside-reaching steps to run for real. */
export const startTestRunSchema = z.object({
  id: workflowId,
  input: jsonObjectText,
  live_steps: z
    .string()
    .default("")
    .transform((text) => text.split(",").filter(Boolean))
    .pipe(z.array(stepId).max(500)),
});

/** What a step test runs with: the trigger's data, earlier steps' outputs, the loop item. */
export const stepSampleSchema = z.object({
  trigger: z
    .record(z.string(), z.unknown(), {
      error: 'Give the trigger\'s data as an object, like { "input": { … } }.',
    })
    .default({}),
  steps: z
    .record(z.string(), z.object({ output: z.unknown() }), {
      error: 'Give each earlier step as "step_id": { "output": … }.',
    })
    .default({}),
  loop: z.object({ item: z.unknown(), index: z.number().int().min(0) }).optional(),
});
export type StepSample = z.infer<typeof stepSampleSchema>;

/** "Test step": one step of the draft with this data as what came before it. */
export const testStepSchema = z.object({
  id: workflowId,
  node_id: stepId,
  sample: jsonObjectText.pipe(stepSampleSchema),
});

export const stepSampleRequestSchema = z.object({ id: workflowId, node_id: stepId });

export const rerunSchema = z.object({
  id: executionId,
  version: z.enum(["same", "live"], { error: "Choose which version to run." }).default("same"),
});

export const executionIdSchema = z.object({ id: executionId });
