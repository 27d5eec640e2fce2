"use server";

import { revalidatePath } from "next/cache";
import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { createAgent, deleteAgent, updateAgent } from "./agents";
import { agentFieldsSchema, agentIdSchema, agentUpdateSchema } from "./schemas";

/** The agents page's forms. */

function revalidateAgents(slug: string): void {
  revalidatePath(`/o/${slug}/agents`, "layout");
}

export const createAgentAction = defineOrgAction({
  schema: agentFieldsSchema,
  permission: ["agents", "create"],
  async handler({ input, claims, org }) {
    const agent = await withUser(claims, (tx) => createAgent(tx, org.organization.id, input, claims.sub));
    revalidateAgents(org.organization.slug);
    return { id: agent.id };
  },
  successMessage: "Agent created.",
});

export const updateAgentAction = defineOrgAction({
  schema: agentUpdateSchema,
  permission: ["agents", "update"],
  async handler({ input, claims, org }) {
    const agent = await withUser(claims, (tx) => updateAgent(tx, org.organization.id, input));
    revalidateAgents(org.organization.slug);
    return { id: agent.id, version: agent.version };
  },
  successMessage: (saved) => `Agent saved (version ${saved.version}).`,
});

export const deleteAgentAction = defineOrgAction({
  schema: agentIdSchema,
  permission: ["agents", "delete"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteAgent(tx, org.organization.id, input));
    revalidateAgents(org.organization.slug);
  },
  successMessage: "Agent deleted.",
});
