import { z } from "zod";
import type { Sql } from "@/lib/db/client";
import { nodeIdSchema, workflowDefinitionSchema } from "@/lib/workflows/definition";
import type { EngineDefinition } from "./definition";

/**
 * Test runs from the builder (supabase/migrations/20261207034000_workflow_test_runs.sql): the
 * draft as it was when the run started, kept on the run, and how to run it. Steps that reach
 * outside Orgflow (the registry's side-effect steps: email, notifications, HTTP, GoHighLevel, AI)
 * are skipped, with their would-be input recorded, unless the member chose to run them
 * (`live_steps`). A step test runs one step (`only`) with the data the member gave it: the
 * trigger input is the run's, the earlier steps' outputs and the loop item are here.
 */

export const MAX_TEST_SAMPLE_CHARS = 200_000;

export const testOptionsSchema = z.object({
  live_steps: z.array(nodeIdSchema).max(500).default([]),
  only: nodeIdSchema.optional(),
  steps: z.record(nodeIdSchema, z.object({ output: z.unknown() })).default({}),
  loop: z.object({ item: z.unknown(), index: z.number().int().min(0) }).optional(),
});
export type TestOptions = z.infer<typeof testOptionsSchema>;

export const SKIPPED_IN_TEST =
  "Skipped in test mode: this step reaches outside Orgflow. Its input shows what it would have done.";

/** The run's test definition and options, or null when it is not a test run of a draft. */
export async function loadTestRun(
  db: Sql,
  executionId: string,
): Promise<{ definition: EngineDefinition; options: TestOptions } | null> {
  const [row] = await db`
    select test_definition, test_options from public.executions
    where id = ${executionId} and test_definition is not null`;
  if (!row) return null;
  const definition = workflowDefinitionSchema.safeParse(row.test_definition);
  if (!definition.success) throw new Error(`The test definition of run ${executionId} is not valid.`);
  const options = testOptionsSchema.safeParse(row.test_options ?? {});
  return {
    definition: definition.data,
    options: options.success ? options.data : testOptionsSchema.parse({}),
  };
}

/** Whether a step is skipped in this test run: it has effects outside and was not chosen. */
export function skippedInTest(options: TestOptions | null, nodeId: string, sideEffects: boolean): boolean {
  if (!options || !sideEffects) return false;
  return options.only !== nodeId && !options.live_steps.includes(nodeId);
}
