import "server-only";
import {
  executionSchema,
  readExecution,
  runAcceptedSchema,
  runRequestSchema,
  startRunAs,
} from "@/lib/engine/api";
import { endpoint, idParams } from "../endpoint";

/** Runs of workflows: start one, read one with its steps. */

export const executionEndpoints = {
  run: endpoint({
    method: "post",
    path: "/api/v1/workflows/{id}/runs",
    operationId: "runWorkflow",
    summary: "Start a run of a published workflow",
    description: "The run is queued; read it with `GET /api/v1/executions/{id}`.",
    tag: "Executions",
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
  read: endpoint({
    method: "get",
    path: "/api/v1/executions/{id}",
    operationId: "getExecution",
    summary: "A run with its steps",
    tag: "Executions",
    permission: ["executions", "read"],
    params: idParams("run"),
    response: executionSchema,
    responseName: "Execution",
    handler: ({ tx, organizationId, params }) => readExecution(tx, organizationId, params.id),
  }),
};
