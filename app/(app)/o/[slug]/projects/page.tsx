import type { Metadata } from "next";
import Link from "next/link";
import { FolderKanban } from "lucide-react";
import { CreateProjectForm } from "@/components/projects/project-forms";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { listProjects } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage(props: OrganizationPageProps) {
  const { slug, org, read, search } = await openOrganizationPage(props, {
    path: "/projects",
    permission: ["projects", "read"],
  });
  const archived = search.archived === "1";
  const projects = await read((tx) => listProjects(tx, org.organization.id, { includeArchived: archived }));
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Projects"
        description="Group workflows, chatbots (with their knowledge) and agents, e.g. one project per client campaign, and archive a project as a whole."
      />
      <section aria-label="Projects" className="flex flex-col gap-3">
        <Link
          className="self-start text-sm underline underline-offset-4"
          href={archived ? `/o/${slug}/projects` : `/o/${slug}/projects?archived=1`}
        >
          {archived ? "Hide archived projects" : "Show archived projects"}
        </Link>
        {projects.length === 0 ? (
          <EmptyState
            icon={FolderKanban}
            title="No projects yet"
            description="A project keeps a campaign's workflows, chatbots and agents together."
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Project</TableHead>
                <TableHead className="text-right">Workflows</TableHead>
                <TableHead className="text-right">Chatbots</TableHead>
                <TableHead className="text-right">Agents</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {projects.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>
                    <Link
                      href={`/o/${slug}/projects/${p.id}`}
                      className="font-medium underline-offset-4 hover:underline"
                    >
                      {p.name}
                    </Link>
                    {p.status === "archived" ? (
                      <Badge variant="secondary" className="ml-2">
                        Archived
                      </Badge>
                    ) : null}
                    {p.description ? (
                      <span className="block truncate text-xs text-muted-foreground">{p.description}</span>
                    ) : null}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{p.workflows}</TableCell>
                  <TableCell className="text-right tabular-nums">{p.bots}</TableCell>
                  <TableCell className="text-right tabular-nums">{p.agents}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      {can(org, "projects", "create") ? <CreateProjectForm slug={slug} /> : null}
    </div>
  );
}
