import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { AgentsTable } from "@/components/agents/agents-table";
import { Button } from "@/components/ui/button";
import { ProjectFilterNotice } from "@/components/projects/project-filter-notice";
import { PageHeader } from "@/components/ui/page-header";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { projectFilter } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage(props: OrganizationPageProps) {
  const { slug, org, read, search } = await openOrganizationPage(props, {
    path: "/agents",
    permission: ["agents", "read"],
  });
  const { agents, project } = await read(async (tx) => {
    const project = await projectFilter(tx, org.organization.id, search.project);
    return { project, agents: await listAgents(tx, org.organization.id, { projectId: project?.id }) };
  });
  const newAgent = can(org, "agents", "create") ? (
    <Button asChild>
      <Link href={`/o/${slug}/agents/new`}>
        <Plus aria-hidden="true" />
        New agent
      </Link>
    </Button>
  ) : null;
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Agents"
        description="Reusable AI agents: instructions, a model and the tools they may call, defined once and used by the playground and your workflows' AI steps."
        actions={agents.length > 0 ? newAgent : null}
      />
      <section aria-label="Agents" className="flex flex-col gap-4">
        {project ? <ProjectFilterNotice name={project.name} clearHref={`/o/${slug}/agents`} /> : null}
        <AgentsTable slug={slug} agents={agents} action={newAgent} />
      </section>
    </div>
  );
}
