import { NextResponse } from "next/server";
import { startRunAs, runRequestSchema } from "@/lib/engine/api";
import { defineApiKeyRoute } from "@/lib/actions/api-key-route";
import { parseJsonBody } from "@/lib/http/respond";

/** POST /api/v1/workflows/:id/runs {input} → 202 {execution_id}. */
export const POST = defineApiKeyRoute<{ id: string }>({
  permission: ["executions", "create"],
  handler: async ({ request, params, key, claims }) => {
    const { input } = await parseJsonBody(request, runRequestSchema);
    const { executionId } = await startRunAs(claims, key.organizationId, params.id, input, "api");
    return NextResponse.json({ execution_id: executionId, status: "pending" }, { status: 202 });
  },
});
