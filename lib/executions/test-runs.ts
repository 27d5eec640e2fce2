import "server-only";
import { z } from "zod";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import { testOptionsSchema, type TestOptions } from "@/lib/engine/test-mode";
import { AppError } from "@/lib/errors";
import { workflowDefinitionSchema, type WorkflowDefinition } from "@/lib/workflows/definition";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import { stepSampleSchema, type StepSample } from "./action-schemas";
import { manualTriggerInput } from "./format";

/**
 * Test runs from the builder: the draft as it is saved now, not the published version, marked as
 * a test run and counted apart from the plan's quota (20261207034000_workflow_test_runs.sql).
 * Steps that reach outside Orgflow are skipped unless the member chose to run them; a step test
 * runs one step, for real, with the data the member gave it. The caller checked executions:create.
 */

const draftSchema = z.object({
  status: z.string(),
  definition: workflowDefinitionSchema,
});

async function readDraft(claims: UserClaims, organizationId: string, workflowId: string) {
  const [row] = await withUser(
    claims,
    (tx) => tx`
      select status, definition from workflows where id = ${workflowId} and organization_id = ${organizationId}`,
  );
  if (!row) throw new AppError("not_found", "This workflow does not exist or was deleted.");
  const draft = draftSchema.parse(row);
  if (draft.status === "archived")
    throw new AppError("conflict", "This workflow is archived. Restore it before testing it.");
  return draft.definition;
}

function requireSteps(definition: WorkflowDefinition, ids: readonly string[]) {
  const known = new Set(definition.nodes.map((n) => n.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw new AppError("conflict", `The step ${missing} is not in the draft any more.`);
}

/** Runs the draft as a test run; `liveSteps` are the outside-reaching steps the member chose to run. */
export async function startTestRun(
  claims: UserClaims,
  organizationId: string,
  workflowId: string,
  params: { input: Record<string, unknown>; liveSteps: readonly string[] },
): Promise<{ executionId: string }> {
  const definition = await readDraft(claims, organizationId, workflowId);
  requireSteps(definition, params.liveSteps);
  const trigger = definition.nodes.find((n) => getNodeType(n.type)?.category === "trigger");
  if (!trigger) throw new AppError("conflict", "Add a trigger first: it is where a run starts.");
  return start(claims, organizationId, workflowId, definition, {
    input: manualTriggerInput(trigger.type, params.input, claims.email ?? null),
    options: { live_steps: [...new Set(params.liveSteps)], steps: {} },
  });
}

/** Runs one step of the draft with `sample` as what came before it. */
export async function startStepTest(
  claims: UserClaims,
  organizationId: string,
  workflowId: string,
  params: { nodeId: string; sample: StepSample },
): Promise<{ executionId: string }> {
  const definition = await readDraft(claims, organizationId, workflowId);
  requireSteps(definition, [params.nodeId]);
  const steps = Object.fromEntries(
    Object.entries(params.sample.steps).filter(([id]) => definition.nodes.some((n) => n.id === id)),
  );
  return start(claims, organizationId, workflowId, definition, {
    input: params.sample.trigger,
    options: { live_steps: [], only: params.nodeId, steps, loop: params.sample.loop },
  });
}

function start(
  claims: UserClaims,
  organizationId: string,
  workflowId: string,
  definition: WorkflowDefinition,
  run: { input: Record<string, unknown>; options: TestOptions },
) {
  return startExecution({
    organizationId,
    workflowId,
    triggerType: "manual",
    input: run.input,
    createdBy: claims.sub,
    isTest: true,
    test: { definition, options: run.options },
  });
}

/**
 * The data a step test starts from when nothing is pinned: the latest run of the workflow, its
 * trigger input and the outputs of its steps (outside loops); before any run, the trigger's sample
 * data; else an empty sample.
 */
export async function lastRunSample(
  claims: UserClaims,
  organizationId: string,
  workflowId: string,
  nodeId: string,
): Promise<{ sample: StepSample; from: string | null; triggerSample?: boolean }> {
  return withUser(claims, async (tx) => {
    const [run] = await tx`
      select id, trigger_input from executions
      where workflow_id = ${workflowId} and organization_id = ${organizationId}
        and (test_options is null or test_options ->> 'only' is null)
      order by created_at desc, id desc limit 1`;
    if (!run) {
      // No run yet: the trigger's own sample (a webhook's sample body, a manual start's sample input),
      // as a run would receive it, so a step test right after a template already has data.
      const [draft] = await tx`
        select definition from workflows where id = ${workflowId} and organization_id = ${organizationId}`;
      const definition = workflowDefinitionSchema.safeParse(draft?.definition);
      const trigger = definition.success ? triggerSample(definition.data, claims.email ?? null) : null;
      return {
        sample: stepSampleSchema.parse(trigger ? { trigger } : {}),
        from: null,
        triggerSample: trigger !== null,
      };
    }
    const rows = await tx`
      select node_id, output from execution_steps
      where execution_id = ${run.id as string} and step_key = node_id and node_id <> ${nodeId}
        and node_type not in ('manual', 'webhook', 'schedule', 'event')
      order by sequence`;
    const steps = Object.fromEntries(rows.map((r) => [r.node_id as string, { output: r.output ?? null }]));
    const trigger = z.record(z.string(), z.unknown()).catch({}).parse(run.trigger_input);
    return { sample: { trigger, steps }, from: run.id as string };
  });
}

/** What the draft's trigger would receive from its sample data (a JSON object), or null. */
function triggerSample(definition: WorkflowDefinition, email: string | null): Record<string, unknown> | null {
  const trigger = definition.nodes.find((n) => getNodeType(n.type)?.category === "trigger");
  const config = (trigger?.data.config ?? {}) as Record<string, unknown>;
  const text = config.sample_input ?? config.sample_body;
  if (!trigger || typeof text !== "string" || !text.trim()) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    return manualTriggerInput(trigger.type, value as Record<string, unknown>, email);
  } catch {
    return null;
  }
}

/** The definition and options a test run of a draft kept, to run it again; null otherwise. */
export async function testRunOf(tx: Tx, executionId: string) {
  const [row] = await tx`
    select test_definition, test_options from executions where id = ${executionId} and test_definition is not null`;
  if (!row) return null;
  return {
    definition: workflowDefinitionSchema.parse(row.test_definition),
    options: testOptionsSchema.parse(row.test_options ?? {}),
  };
}
