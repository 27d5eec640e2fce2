import "server-only";
import {
  executionSchema,
  readExecution,
  runAcceptedSchema,
  runRequestSchema,
  startRunAs,
} from "@/lib/engine/api";
import { cancelExecutionTx, rerunExecution } from "@/lib/executions/executions";
import { listPage, pageQuerySchema, pageSchema, type ListSource } from "@/lib/db/pagination";
import { z } from "zod";
import { endpoint, idParams } from "../endpoint";
import { createdRangeQuery } from "./shared";

/** Runs of workflows: start one, list them, read one with its steps, cancel, run again. */

const executionSummarySchema = executionSchema.omit({ steps: true, trigger_input: true, output: true });
const listSource: ListSource = {
  table: "public.executions",
  columns: `t.id, t.workflow_id, t.workflow_version_id, t.status, t.trigger_type, t.error, t.attempt,
            t.started_at, t.completed_at, t.duration_ms, t.created_at`,
};
const tag = "Executions";

export const executionEndpoints = {
  run: endpoint({
    method: "post",
    path: "/api/v1/workflows/{id}/runs",
    operationId: "runWorkflow",
    summary: "Start a run of a published workflow",
    description: "The run is queued; read it with `GET /api/v1/executions/{id}`.",
    tag,
    permission: ["executions", "create"],
    params: idParams("workflow"),
    body: runRequestSchema,
    response: runAcceptedSchema,
    status: 202,
    handler: async ({ params, key, claims, body }) => {
      const { executionId } = await startRunAs(claims, key.organizationId, params.id, body.input, "api");
      return { execution_id: executionId, status: "pending" as const };
    },
  }),
  list: endpoint({
    method: "get",
    path: "/api/v1/executions",
    operationId: "listExecutions",
    summary: "List runs, newest first (without their input, output and steps)",
    tag,
    permission: ["executions", "read"],
    query: pageQuerySchema.extend({
      workflow_id: z.uuid().optional().describe("Only the runs of this workflow."),
      status: executionSchema.shape.status.optional(),
      trigger_type: executionSchema.shape.trigger_type.optional(),
      ...createdRangeQuery,
    }),
    response: pageSchema(executionSummarySchema),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        listSource,
        q,
        executionSummarySchema,
        tx`${q.workflow_id ? tx`t.workflow_id = ${q.workflow_id}` : tx`true`}
           and ${q.status ? tx`t.status = ${q.status}` : tx`true`}
           and ${q.trigger_type ? tx`t.trigger_type = ${q.trigger_type}` : tx`true`}
           and ${q.created_after ? tx`t.created_at > ${q.created_after}` : tx`true`}
           and ${q.created_before ? tx`t.created_at < ${q.created_before}` : tx`true`}`,
      ),
  }),
  cancel: endpoint({
    method: "post",
    path: "/api/v1/executions/{id}/cancel",
    operationId: "cancelExecution",
    summary: "Stop a run: at once when queued or waiting, at its next step when running",
    tag,
    permission: ["executions", "update"],
    params: idParams("run"),
    response: executionSchema,
    handler: async ({ tx, organizationId, params }) => {
      await cancelExecutionTx(tx, organizationId, params.id);
      return readExecution(tx, organizationId, params.id);
    },
  }),
  rerun: endpoint({
    method: "post",
    path: "/api/v1/executions/{id}/rerun",
    operationId: "rerunExecution",
    summary: "Run a run again with the same input",
    description: "`version`: `same` (the version that ran, the default) or `live` (the published one).",
    tag,
    permission: ["executions", "create"],
    params: idParams("run"),
    body: z.object({ version: z.enum(["same", "live"]).default("same") }),
    response: runAcceptedSchema,
    status: 202,
    handler: async ({ claims, organizationId, params, body }) => {
      const { executionId } = await rerunExecution(claims, organizationId, params.id, body.version);
      return { execution_id: executionId, status: "pending" as const };
    },
  }),
  read: endpoint({
    method: "get",
    path: "/api/v1/executions/{id}",
    operationId: "getExecution",
    summary: "A run with its steps",
    tag,
    permission: ["executions", "read"],
    params: idParams("run"),
    response: executionSchema,
    responseName: "Execution",
    handler: ({ tx, organizationId, params }) => readExecution(tx, organizationId, params.id),
  }),
};
