import type { Metadata } from "next";
import { AgentForm } from "@/components/agents/agent-form";
import { PageHeader } from "@/components/ui/page-header";
import { agentToolChoices } from "@/lib/agents/queries";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "New agent" };

export default async function NewAgentPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/agents/new",
    permission: ["agents", "create"],
  });
  const choices = await read((tx) => agentToolChoices(tx, org.organization.id));
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="New agent"
        description="Define it once; use it in the playground and in workflows."
      />
      <AgentForm slug={slug} choices={choices} />
    </div>
  );
}
