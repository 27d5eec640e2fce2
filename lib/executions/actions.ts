"use server";

import { revalidatePath } from "next/cache";
import { defineOrgAction } from "@/lib/actions/org-action";
import {
  executionIdSchema,
  rerunSchema,
  startTestRunSchema,
  stepSampleRequestSchema,
  testStepSchema,
} from "./action-schemas";
import { cancelExecution, rerunExecution } from "./executions";
import { lastRunSample, startStepTest, startTestRun } from "./test-runs";

const runPath = (slug: string, id: string) => `/o/${slug}/runs/${id}`;

/** The builder's "Test run": the saved draft, with the test input, as a test run. */
export const startTestRunAction = defineOrgAction({
  schema: startTestRunSchema,
  permission: ["executions", "create"],
  async handler({ input, claims, org }) {
    const { executionId } = await startTestRun(claims, org.organization.id, input.id, {
      input: input.input,
      liveSteps: input.live_steps,
    });
    return { executionId, href: runPath(org.organization.slug, executionId) };
  },
  successMessage: "Test run started.",
});

/** The step panel's "Test step": that step of the saved draft, with the data given. */
export const testStepAction = defineOrgAction({
  schema: testStepSchema,
  permission: ["executions", "create"],
  async handler({ input, claims, org }) {
    const { executionId } = await startStepTest(claims, org.organization.id, input.id, {
      nodeId: input.node_id,
      sample: input.sample,
    });
    return { executionId, href: runPath(org.organization.slug, executionId) };
  },
});

/** The data a step test starts from when nothing is pinned: the latest run's. */
export const stepSampleAction = defineOrgAction({
  schema: stepSampleRequestSchema,
  permission: ["executions", "read"],
  async handler({ input, claims, org }) {
    return lastRunSample(claims, org.organization.id, input.id, input.node_id);
  },
});

/**
 * Re-run with the same input. Starting a run is executions:create wherever it starts (the builder's
 * Run, the REST API, here); the run page offers the button on the same rule.
 */
export const rerunExecutionAction = defineOrgAction({
  schema: rerunSchema,
  permission: ["executions", "create"],
  async handler({ input, claims, org }) {
    const { executionId } = await rerunExecution(claims, org.organization.id, input.id, input.version);
    revalidatePath(`/o/${org.organization.slug}/runs`);
    return { executionId, href: runPath(org.organization.slug, executionId) };
  },
  successMessage: "Started again with the same input.",
});

export const cancelExecutionAction = defineOrgAction({
  schema: executionIdSchema,
  permission: ["executions", "update"],
  async handler({ input, claims, org }) {
    const result = await cancelExecution(claims, org.organization.id, input.id);
    revalidatePath(runPath(org.organization.slug, input.id));
    return { result };
  },
  successMessage: (data) =>
    data.result === "cancelled" ? "Run cancelled." : "Cancelling: the run stops after its current step.",
});
