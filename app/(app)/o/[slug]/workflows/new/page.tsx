import type { Metadata } from "next";
import { NewWorkflowForm } from "@/components/workflows/new-workflow-form";
import { OrganizationTemplates } from "@/components/workflows/organization-templates";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";
import { firstParam, type SearchParams } from "@/lib/utils/search-params";
import { listTemplates } from "@/lib/workflows/template-library";

export const metadata: Metadata = { title: "New workflow" };

export default async function NewWorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const { org, read } = await requireOrganizationPage(slug, {
    path: "/workflows/new",
    permission: ["workflows", "create"],
  });
  const templates = await read((tx) => listTemplates(tx, org.organization.id));
  const initial = firstParam(search.template);

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="New workflow"
        description="Start from a template made for a job (change anything afterwards), or from a blank canvas."
      />
      <NewWorkflowForm
        slug={slug}
        initialTemplate={templates.some((t) => t.id === initial) ? initial : undefined}
        templates={templates.map((t) => ({
          id: t.id,
          key: t.key,
          name: t.name,
          category: t.category,
          description: t.description,
          own: t.organization_id !== null,
          preview: t.preview,
        }))}
      />
      {can(org, "workflows", "delete") ? (
        <OrganizationTemplates
          slug={slug}
          templates={templates
            .filter((t) => t.organization_id !== null)
            .map((t) => ({ id: t.id, name: t.name, description: t.description }))}
        />
      ) : null}
    </div>
  );
}
