import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ArrowLeft } from "lucide-react";
import { RunView } from "@/components/executions/run-view";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getExecution, toLiveExecution, versionNodes } from "@/lib/executions/executions";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";
import { getNodeType } from "@/lib/workflows/nodes/registry";

type Params = Promise<{ slug: string; id: string }>;

const load = cache(async (slug: string, id: string) => {
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/runs/${id}`,
    permission: ["executions", "read"],
  });
  const found = await read((tx) => getExecution(tx, org.organization.id, id));
  if (!found) notFound();
  return { org, read, ...found };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, id } = await params;
  const { execution } = await load(slug, id);
  return { title: `Run of ${execution.workflow_name ?? "a deleted workflow"}` };
}

/** One run: its header, actions, and every step, live while it runs. */
export default async function RunPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  const { org, read, execution, steps } = await load(slug, id);
  const nodes = await read((tx) =>
    versionNodes(tx, org.organization.id, execution.workflow_version_id, execution.id),
  );
  for (const [nodeId, node] of Object.entries(nodes)) {
    if (node.label === nodeId) node.label = getNodeType(node.type)?.label ?? nodeId;
  }
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Run of ${execution.workflow_name ?? "a deleted workflow"}`}
        description={<span className="font-mono text-xs">{execution.id}</span>}
        actions={
          <Button asChild variant="ghost">
            <Link href={`/o/${slug}/runs`}>
              <ArrowLeft aria-hidden="true" />
              All runs
            </Link>
          </Button>
        }
      />
      <RunView
        slug={slug}
        initial={{ execution: toLiveExecution(execution), steps }}
        workflow={{
          id: execution.workflow_id,
          name: execution.workflow_name,
          version: execution.version,
          liveVersion: execution.live_version,
          archived: execution.workflow_status === "archived",
        }}
        triggerInput={execution.trigger_input ?? null}
        isTest={execution.is_test}
        rerunOf={execution.rerun_of}
        startedBy={execution.created_by_name}
        nodes={nodes}
        permissions={{
          rerun: can(org, "executions", "create"),
          cancel: can(org, "executions", "update"),
        }}
      />
    </div>
  );
}
