import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Workflow } from "lucide-react";
import { ExecutionsList } from "@/components/executions/executions-list";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listExecutions } from "@/lib/executions/executions";
import { executionFilterSchema } from "@/lib/executions/format";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";
import { getWorkflowTx } from "@/lib/workflows/workflows";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const metadata: Metadata = { title: "Workflow runs" };

type Props = Omit<OrganizationPageProps, "params"> & { params: Promise<{ slug: string; id: string }> };

/** One workflow's runs, newest first, with filters. */
export default async function WorkflowRunsPage(props: Props) {
  const { id } = await props.params;
  if (!UUID.test(id)) notFound();
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: `/workflows/${id}/runs`,
    permission: ["executions", "read"],
  });
  const filter = executionFilterSchema.parse(
    Object.fromEntries(
      ["status", "trigger", "from", "to", "before"].map((k) => [k, firstParam(search[k]) || undefined]),
    ),
  );
  const [workflow, result] = await read((tx) =>
    Promise.all([
      can(org, "workflows", "read") ? getWorkflowTx(tx, org.organization.id, id) : null,
      listExecutions(tx, org.organization.id, { ...filter, workflow: id }),
    ]),
  );
  // Not a workflow the member can see, nor one with runs: 404. (A filter that matches nothing on a
  // workflow they cannot open is an empty list, not a 404.)
  const { before, ...filters } = filter;
  const filtered = before || Object.values(filters).some(Boolean);
  if (!workflow && result.executions.length === 0 && !filtered) notFound();
  const name = workflow?.name ?? result.executions[0]?.workflow_name ?? "Workflow";
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Runs of ${name}`}
        description="Each time this workflow ran, newest first."
        actions={
          <>
            <Button asChild variant="ghost">
              <Link href={`/o/${slug}/runs`}>
                <ArrowLeft aria-hidden="true" />
                All runs
              </Link>
            </Button>
            {workflow ? (
              <Button asChild variant="outline">
                <Link href={`/o/${slug}/workflows/${id}`}>
                  <Workflow aria-hidden="true" />
                  Open in the builder
                </Link>
              </Button>
            ) : null}
          </>
        }
      />
      <ExecutionsList
        slug={slug}
        path={`/o/${slug}/workflows/${id}/runs`}
        filter={filter}
        result={result}
        emptyHint="Publish the workflow and trigger it, or use Run in the builder to try it with a test input."
      />
    </div>
  );
}
