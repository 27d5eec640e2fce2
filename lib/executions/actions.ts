"use server";

import { revalidatePath } from "next/cache";
import { defineOrgAction } from "@/lib/actions/org-action";
import { executionIdSchema, rerunSchema, startRunSchema } from "./action-schemas";
import { cancelExecution, rerunExecution, startManualRun } from "./executions";

const runPath = (slug: string, id: string) => `/o/${slug}/runs/${id}`;

/** The builder's "Run": the published version, with the test input, as a test run. */
export const startManualRunAction = defineOrgAction({
  schema: startRunSchema,
  permission: ["executions", "create"],
  async handler({ input, claims, org }) {
    const { executionId } = await startManualRun(claims, org.organization.id, input.id, input.input);
    return { executionId, href: runPath(org.organization.slug, executionId) };
  },
  successMessage: "Run started.",
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
