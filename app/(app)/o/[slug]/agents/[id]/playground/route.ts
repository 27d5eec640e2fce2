import { z } from "zod";
import { defineOrgRoute } from "@/lib/actions/session-route";
import { AGENT_NOT_FOUND, getAgent } from "@/lib/agents/agents";
import { assertMayRunAgentTools, runPlayground } from "@/lib/agents/playground";
import { playgroundRequestSchema } from "@/lib/agents/schemas";
import { AppError } from "@/lib/errors";
import { eventStreamResponse } from "@/lib/http/event-stream";

/**
 * The playground: a message to the agent, answered as server-sent events (lib/agents/playground.ts).
 * For those who may edit the agent (a run costs tokens). The agent is read in the request's
 * transaction (RLS); the run, streamed past it, opens its own.
 */
export const POST = defineOrgRoute({
  permission: ["agents", "update"],
  body: { json: playgroundRequestSchema, maxBytes: 16 * 1024 },
  handler: async ({ params, claims, organization, body, tx }) => {
    const id = z.uuid().safeParse(params.id);
    const agent = id.success ? await getAgent(tx, organization.organization.id, id.data) : null;
    if (!agent) throw new AppError("not_found", AGENT_NOT_FOUND);
    await assertMayRunAgentTools(tx, organization.organization.id, agent);
    return eventStreamResponse((send) =>
      runPlayground(organization.organization, { agent, input: body.input, memberId: claims.sub }, send),
    );
  },
});
