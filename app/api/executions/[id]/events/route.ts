import type { NextRequest } from "next/server";
import { getClaims } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { executionEventStream } from "@/lib/executions/stream";
import { errorResponse } from "@/lib/http/respond";
import { assertSameOriginRequest } from "@/lib/http/origin";

// Each request streams as long as the run goes on; never cached or prerendered.
export const dynamic = "force-dynamic";

/**
 * GET /api/executions/:id/events: the run as server-sent events for the signed-in user (the run
 * page and the builder's canvas overlay). Reads run as the user, so RLS decides; a run they may
 * not see is a 404 like one that does not exist.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    assertSameOriginRequest(request);
    const { id } = await params;
    const claims = await getClaims();
    if (!claims) throw new AppError("unauthenticated", "Sign in to watch this run.");
    const stream = await executionEventStream(claims, id, { signal: request.signal });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
