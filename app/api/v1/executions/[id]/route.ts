import { readExecution } from "@/lib/engine/api";
import { defineApiKeyRoute } from "@/lib/actions/api-key-route";

/** GET /api/v1/executions/:id → the run with its steps. */
export const GET = defineApiKeyRoute<{ id: string }>({
  permission: ["executions", "read"],
  handler: ({ params, claims }) => readExecution(claims, params.id),
});
