import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { PublishProjectForm } from "@/components/blueprints/blueprint-forms";
import { AddToProjectForm } from "@/components/projects/project-forms";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listOwnBlueprints } from "@/lib/blueprints/queries";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";
import { setProjectArchivedAction } from "@/lib/projects/actions";
import { getProject, listProjectItems } from "@/lib/projects/queries";
import { KIND_LABELS } from "@/lib/projects/schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_PATHS = { workflows: "workflows", bots: "bots", agents: "agents" } as const;

type Props = { params: Promise<{ slug: string; id: string }> };

const load = cache(async (slug: string, id: string) => {
  if (!UUID.test(id)) notFound();
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/projects/${id}`,
    permission: ["projects", "read"],
  });
  const data = await read(async (tx) => {
    const project = await getProject(tx, org.organization.id, id);
    if (!project) return null;
    const [items, unassigned] = await Promise.all([
      listProjectItems(tx, org.organization.id, id),
      listProjectItems(tx, org.organization.id, null),
    ]);
    const blueprints = can(org, "blueprints", "create")
      ? await listOwnBlueprints(tx, org.organization.id)
      : null;
    return { project, items, unassigned, blueprints };
  });
  if (!data) notFound();
  return { org, ...data };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: (await load(slug, id)).project.name };
}

/** One project: what is in it (links to each list filtered by it), adding to it, archiving it whole. */
export default async function ProjectPage({ params }: Props) {
  const { slug, id } = await params;
  const { org, project, items, unassigned, blueprints } = await load(slug, id);
  const archived = project.status === "archived";
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title={project.name}
        description={project.description || "A group of workflows, chatbots and agents."}
        actions={
          can(org, "projects", "update") ? (
            <ActionDialogButton
              trigger={{
                variant: archived ? "outline" : "destructive",
                children: archived ? "Restore project" : "Archive project",
              }}
              title={archived ? `Restore ${project.name}?` : `Archive ${project.name}?`}
              description={
                archived
                  ? "Each workflow, chatbot and agent of the project goes back to the status it had when the project was archived."
                  : "Its workflows stop running (archived), its chatbots stop answering (archived) and its agents are paused. Restoring the project gives each its status back."
              }
              action={setProjectArchivedAction}
              fields={{ organization: slug, id: project.id, archived: archived ? "false" : "true" }}
              submitLabel={archived ? "Restore" : "Archive"}
              variant={archived ? "default" : "destructive"}
            />
          ) : null
        }
      />
      {archived ? <Badge variant="secondary">Archived</Badge> : null}
      <nav aria-label="Lists of this project" className="flex flex-wrap gap-4 text-sm">
        {(["workflows", "bots", "agents"] as const).map((kind) => (
          <Link
            key={kind}
            className="underline underline-offset-4"
            href={`/o/${slug}/${LIST_PATHS[kind]}?project=${project.id}`}
          >
            {KIND_LABELS[kind]}s of this project ({project[kind]})
          </Link>
        ))}
      </nav>
      <section aria-label="In this project" className="flex flex-col gap-3">
        {items.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing in this project yet.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Kind</TableHead>
                <TableHead>Name</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((item) => (
                <TableRow key={`${item.kind}:${item.id}`}>
                  <TableCell>{KIND_LABELS[item.kind]}</TableCell>
                  <TableCell>
                    <Link
                      className="underline-offset-4 hover:underline"
                      href={`/o/${slug}/${LIST_PATHS[item.kind]}/${item.id}`}
                    >
                      {item.name}
                    </Link>
                  </TableCell>
                  <TableCell>{item.status}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {archived ? null : <AddToProjectForm slug={slug} projectId={project.id} items={unassigned} />}
      </section>
      {blueprints && !archived && items.length > 0 ? (
        <PublishProjectForm slug={slug} projectId={project.id} blueprints={blueprints} />
      ) : null}
    </div>
  );
}
