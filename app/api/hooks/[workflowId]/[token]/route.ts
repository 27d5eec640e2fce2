import type { NextRequest } from "next/server";
import { handleWebhook } from "@/lib/engine/webhook";

type Params = { workflowId: string; token: string };

/** Every method a webhook step can name; handleWebhook answers 405 to the ones it does not. */
async function hook(request: NextRequest, { params }: { params: Promise<Params> }) {
  const { workflowId, token } = await params;
  return handleWebhook(request, workflowId, token);
}

export { hook as DELETE, hook as GET, hook as PATCH, hook as POST, hook as PUT };
