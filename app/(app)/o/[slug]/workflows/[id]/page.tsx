import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AgentChoicesProvider } from "@/components/agents/agent-choices";
import { WorkflowBuilder } from "@/components/workflows/builder/workflow-builder";
import { agentChoices } from "@/lib/agents/queries";
import { stackConfig } from "@/lib/config/stack";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";
import { definitionForEditor } from "@/lib/workflows/definition";
import { webhookTokenInfo } from "@/lib/workflows/webhook-tokens";
import { getWorkflowTx, listVersions } from "@/lib/workflows/workflows";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Params = Promise<{ slug: string; id: string }>;

const load = cache(async (slug: string, id: string) => {
  if (!UUID.test(id)) notFound();
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/workflows/${id}`,
    permission: ["workflows", "read"],
  });
  const mayEdit = can(org, "workflows", "update");
  const [workflow, versions, token, agents] = await read((tx) =>
    Promise.all([
      getWorkflowTx(tx, org.organization.id, id),
      listVersions(tx, org.organization.id, id),
      mayEdit ? webhookTokenInfo(tx, org.organization.id, id) : null,
      can(org, "agents", "read") ? agentChoices(tx, org.organization.id) : null,
    ]),
  );
  if (!workflow) notFound();
  // The URL's token is shown once, when made; afterwards editors see its prefix (and may rotate it).
  const webhook = mayEdit
    ? {
        base: `${stackConfig().siteUrl.replace(/\/+$/, "")}/api/hooks/${id}/`,
        prefix: token?.prefix ?? null,
        createdAt: token?.createdAt.toISOString() ?? null,
      }
    : null;
  return { org, workflow, versions, webhook, agents };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, id } = await params;
  const { workflow } = await load(slug, id);
  return { title: workflow.name };
}

/** The builder: the draft on the canvas, its problems and published versions; view-only without workflows:update. */
export default async function WorkflowBuilderPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  const { org, workflow, versions, webhook, agents } = await load(slug, id);
  const { definition, trimmedSteps } = definitionForEditor(workflow.definition);
  return (
    <AgentChoicesProvider agents={agents}>
      <WorkflowBuilder
        slug={slug}
        trimmedSteps={trimmedSteps}
        workflow={{
          id: workflow.id,
          name: workflow.name,
          description: workflow.description,
          status: workflow.status,
          version: workflow.version,
          definition,
          publishedVersion: workflow.published_version,
        }}
        versions={versions.map((v) => ({
          id: v.id,
          version: v.version,
          note: v.note,
          authorName: v.author_name,
          nodeCount: v.node_count,
          createdAt: v.created_at.toISOString(),
        }))}
        permissions={{
          update: can(org, "workflows", "update"),
          create: can(org, "workflows", "create"),
          run: can(org, "executions", "create"),
          readRuns: can(org, "executions", "read"),
        }}
        // The webhook URL's token is secret: editors only, and only its prefix after it was made.
        webhook={webhook}
      />
    </AgentChoicesProvider>
  );
}
