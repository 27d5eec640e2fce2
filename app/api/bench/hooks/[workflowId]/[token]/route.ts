import type { NextRequest } from "next/server";
import { handleBaselineWebhook } from "@/lib/engine/bench-baseline";

export const dynamic = "force-dynamic";

type Params = { workflowId: string; token: string };

/** bench/webhook.ts's baseline: a 404 unless the server runs with ORGFLOW_BENCH_BASELINE=1. */
export async function POST(request: NextRequest, { params }: { params: Promise<Params> }) {
  const { workflowId, token } = await params;
  return handleBaselineWebhook(request, workflowId, token);
}
