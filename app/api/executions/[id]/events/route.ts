import { defineUserRoute } from "@/lib/actions/session-route";
import { executionEventStream } from "@/lib/executions/stream";

// Each request streams as long as the run goes on; never cached or prerendered.
export const dynamic = "force-dynamic";

/**
 * GET /api/executions/:id/events: the run as server-sent events for the signed-in user (the run
 * page and the builder's canvas overlay). Reads run as the user, so RLS decides; a run they may
 * not see is a 404 like one that does not exist. The stream outlives any one transaction, so it
 * opens its own (`transaction: false`).
 */
export const GET = defineUserRoute({
  transaction: false,
  handler: async ({ request, params, claims }) => {
    const stream = await executionEventStream(claims, params.id!, { signal: request.signal });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
});
