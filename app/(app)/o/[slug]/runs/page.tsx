import type { Metadata } from "next";
import { ExecutionsList } from "@/components/executions/executions-list";
import { PageHeader } from "@/components/ui/page-header";
import { listExecutions, listWorkflowNames } from "@/lib/executions/executions";
import { executionFilterSchema } from "@/lib/executions/format";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Runs" };

/** Every run of the organization's workflows, newest first, with filters. */
export default async function RunsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/runs",
    permission: ["executions", "read"],
  });
  const filter = executionFilterSchema.parse(
    Object.fromEntries(
      ["status", "trigger", "workflow", "from", "to", "before"].map((k) => [
        k,
        firstParam(search[k]) || undefined,
      ]),
    ),
  );
  const [result, workflows] = await read((tx) =>
    Promise.all([
      listExecutions(tx, org.organization.id, filter),
      listWorkflowNames(tx, org.organization.id),
    ]),
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Runs"
        description="Every time a workflow ran: what started it, how each step went, how long it took."
      />
      <ExecutionsList
        slug={slug}
        path={`/o/${slug}/runs`}
        filter={filter}
        result={result}
        workflows={workflows}
        emptyHint="Runs show up here as soon as a published workflow is triggered, or run from the builder."
      />
    </div>
  );
}
