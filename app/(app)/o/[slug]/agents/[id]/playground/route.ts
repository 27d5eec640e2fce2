import { z } from "zod";
import { defineOrgRoute } from "@/lib/actions/session-route";
import { AGENT_NOT_FOUND } from "@/lib/agents/agents";
import { runPlayground } from "@/lib/agents/playground";
import { playgroundRequestSchema } from "@/lib/agents/schemas";
import { AppError } from "@/lib/errors";
import { eventStreamResponse } from "@/lib/http/event-stream";

/**
 * The playground: a message to the agent, answered as server-sent events (lib/agents/playground.ts).
 * For those who may edit the agent (a run costs tokens); the run opens its own transactions.
 */
export const POST = defineOrgRoute({
  permission: ["agents", "update"],
  body: { json: playgroundRequestSchema, maxBytes: 16 * 1024 },
  transaction: false,
  handler: async ({ params, claims, organization, body }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) throw new AppError("not_found", AGENT_NOT_FOUND);
    return eventStreamResponse((send) => runPlayground(claims, organization, id.data, body.input, send));
  },
});
