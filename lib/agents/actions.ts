"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { createAgent, deleteAgent, updateAgent } from "./agents";
import { agentFieldsSchema, agentIdSchema, agentUpdateSchema } from "./schemas";

/** The agents page's forms. */

function revalidateAgents(slug: string): void {
  revalidatePath(`/o/${slug}/agents`, "layout");
}

export const createAgentAction = defineOrgAction({
  schema: agentFieldsSchema,
  permission: ["agents", "create"],
  transaction: true,
  async handler({ input, tx, claims, org }) {
    const agent = await createAgent(tx, org.organization.id, input, claims.sub);
    revalidateAgents(org.organization.slug);
    return { id: agent.id };
  },
  successMessage: "Agent created. Try it in the playground.",
});

export const updateAgentAction = defineOrgAction({
  schema: agentUpdateSchema,
  permission: ["agents", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const agent = await updateAgent(tx, org.organization.id, input);
    revalidateAgents(org.organization.slug);
    return { id: agent.id, version: agent.version };
  },
  successMessage: (saved) => `Agent saved (version ${saved.version}).`,
});

export const deleteAgentAction = defineOrgAction({
  schema: agentIdSchema,
  permission: ["agents", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteAgent(tx, org.organization.id, input);
    revalidateAgents(org.organization.slug);
    redirect(`/o/${org.organization.slug}/agents`);
  },
});
