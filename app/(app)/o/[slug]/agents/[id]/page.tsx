import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AgentForm } from "@/components/agents/agent-form";
import { AgentRuns } from "@/components/agents/agent-runs";
import { AgentPlayground } from "@/components/agents/playground";
import { DeleteDialogButton } from "@/components/forms/delete-dialog-button";
import { PageHeader } from "@/components/ui/page-header";
import { deleteAgentAction } from "@/lib/agents/actions";
import { getAgent } from "@/lib/agents/agents";
import { agentTotals, agentToolChoices, listAgentRuns } from "@/lib/agents/queries";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = { params: Promise<{ slug: string; id: string }> };

const load = cache(async (slug: string, id: string) => {
  if (!UUID.test(id)) notFound();
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/agents/${id}`,
    permission: ["agents", "read"],
  });
  const organizationId = org.organization.id;
  const data = await read(async (tx) => {
    const agent = await getAgent(tx, organizationId, id);
    if (!agent) return null;
    const [runs, totals, choices] = await Promise.all([
      listAgentRuns(tx, organizationId, id, { limit: 50 }),
      agentTotals(tx, organizationId, id),
      agentToolChoices(tx, organizationId),
    ]);
    return { agent, runs, totals, choices };
  });
  if (!data) notFound();
  return { org, ...data };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: (await load(slug, id)).agent.name };
}

/** One agent: its playground, its settings (a new version per change) and its runs with totals. */
export default async function AgentPage({ params }: Props) {
  const { slug, id } = await params;
  const { org, agent, runs, totals, choices } = await load(slug, id);
  const mayEdit = can(org, "agents", "update");
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title={agent.name}
        description={agent.description || `Version ${agent.version}`}
        actions={
          can(org, "agents", "delete") ? (
            <DeleteDialogButton
              label={`Delete agent ${agent.name}`}
              title={`Delete ${agent.name}?`}
              description="The agent and its versions are deleted. Its runs stay in the usage history; workflow steps that use it will fail until you choose another agent."
              action={deleteAgentAction}
              fields={{ organization: slug, id: agent.id }}
              submitLabel="Delete agent"
            />
          ) : null
        }
      />
      <div className="grid gap-8 xl:grid-cols-2">
        {mayEdit ? <AgentPlayground slug={slug} agentId={agent.id} /> : null}
        <AgentForm key={agent.version} slug={slug} agent={agent} choices={choices} disabled={!mayEdit} />
      </div>
      <AgentRuns slug={slug} runs={runs} totals={totals} />
    </div>
  );
}
