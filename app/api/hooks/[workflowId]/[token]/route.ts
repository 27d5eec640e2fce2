import type { NextRequest } from "next/server";
import { handleWebhook } from "@/lib/engine/webhook";

type Params = { workflowId: string; token: string };

export async function POST(request: NextRequest, { params }: { params: Promise<Params> }) {
  const { workflowId, token } = await params;
  return handleWebhook(request, workflowId, token);
}
