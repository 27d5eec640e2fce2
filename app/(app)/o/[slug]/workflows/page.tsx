import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { ProjectFilterNotice } from "@/components/projects/project-filter-notice";
import { ImportWorkflowButton } from "@/components/workflows/import-workflow-button";
import { WorkflowFilters } from "@/components/workflows/workflow-filters";
import { WorkflowTable } from "@/components/workflows/workflow-table";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";
import { projectFilter } from "@/lib/projects/queries";
import { firstParam, pageParam, queryParam, type SearchParams } from "@/lib/utils/search-params";
import { WORKFLOW_STATUSES, type WorkflowStatus } from "@/lib/workflows/status";
import { listWorkflows } from "@/lib/workflows/workflows";

export const metadata: Metadata = { title: "Workflows" };

const PAGE_SIZE = 25;

export default async function WorkflowsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const { org, read } = await requireOrganizationPage(slug, {
    path: "/workflows",
    permission: ["workflows", "read"],
  });
  const query = queryParam(search.q);
  const rawStatus = firstParam(search.status);
  const status = WORKFLOW_STATUSES.includes(rawStatus as WorkflowStatus)
    ? (rawStatus as WorkflowStatus)
    : undefined;
  const page = pageParam(search.page);
  const { project, workflows, total, used } = await read(async (tx) => {
    const project = await projectFilter(tx, org.organization.id, search.project);
    const list = await listWorkflows(tx, org.organization.id, {
      query,
      status,
      projectId: project?.id,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return { project, ...list };
  });
  const permissions = {
    create: can(org, "workflows", "create"),
    update: can(org, "workflows", "update"),
    delete: can(org, "workflows", "delete"),
  };
  const { max_workflows: limit, subscription_plan: plan } = org.organization;
  const path = `/o/${slug}/workflows`;
  const atLimit = used >= limit;

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Workflows"
        description={
          <>
            Automations that run when something happens.{" "}
            <span className="whitespace-nowrap">
              {used} of {limit} in use on the {plan.charAt(0).toUpperCase() + plan.slice(1)} plan
            </span>
            {atLimit ? " (archive one to make room, or upgrade)" : ""}.
          </>
        }
        actions={
          permissions.create ? (
            <>
              <ImportWorkflowButton slug={slug} />
              <Button asChild>
                <Link href={`${path}/new`}>
                  <Plus aria-hidden="true" />
                  New workflow
                </Link>
              </Button>
            </>
          ) : null
        }
      />
      <section aria-label="Workflows" className="flex flex-col gap-4">
        {project ? <ProjectFilterNotice name={project.name} clearHref={path} /> : null}
        <WorkflowFilters path={path} query={query} status={status} />
        <WorkflowTable
          slug={slug}
          workflows={workflows}
          filtered={Boolean(query || status)}
          permissions={permissions}
        />
        <Pagination
          path={path}
          params={{ q: query, status, project: project?.id }}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
          noun="workflows"
        />
      </section>
    </div>
  );
}
