import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { projectItemRowSchema, projectRowSchema, type Project, type ProjectItem } from "./schemas";

/** Reading projects in the caller's transaction (RLS: projects:read, and each item's own read). */

export async function listProjects(
  tx: Tx,
  organizationId: string,
  params: { includeArchived?: boolean } = {},
): Promise<Project[]> {
  const rows = await tx`
    select p.id, p.name, p.description, p.status, p.archived_at, p.created_at,
           (select count(*) from public.workflows w where w.organization_id = p.organization_id and w.project_id = p.id) as workflows,
           (select count(*) from public.bots b where b.organization_id = p.organization_id and b.project_id = p.id) as bots,
           (select count(*) from public.agents a where a.organization_id = p.organization_id and a.project_id = p.id) as agents
    from public.projects p
    where p.organization_id = ${organizationId}
      ${params.includeArchived ? tx`` : tx`and p.status = 'active'`}
    order by p.status, lower(p.name), p.id
    limit 500`;
  return z.array(projectRowSchema).parse(rows);
}

export async function getProject(tx: Tx, organizationId: string, id: string): Promise<Project | null> {
  const [project] = (await listProjects(tx, organizationId, { includeArchived: true })).filter(
    (p) => p.id === id,
  );
  return project ?? null;
}

/**
 * The organization's workflows, bots and agents the member can see, with their project: those in
 * `projectId` (its page), or those in no project (what can be added to one).
 */
export async function listProjectItems(
  tx: Tx,
  organizationId: string,
  projectId: string | null,
): Promise<ProjectItem[]> {
  const rows = await tx`
    select kind, id, name, status, project_id from (
      select 'workflows' as kind, id, name, status, project_id, organization_id from public.workflows
      union all
      select 'bots', id, name, status, project_id, organization_id from public.bots
      union all
      select 'agents', id, name, status, project_id, organization_id from public.agents
    ) items
    where organization_id = ${organizationId}
      and ${projectId ? tx`project_id = ${projectId}` : tx`project_id is null`}
    order by kind desc, lower(name), id
    limit 1000`;
  return z.array(projectItemRowSchema).parse(rows);
}

/** The `project` search parameter of a list, when it names a project the member can see. */
export async function projectFilter(
  tx: Tx,
  organizationId: string,
  raw: string | string[] | undefined,
): Promise<{ id: string; name: string } | null> {
  const id = z.uuid().safeParse(Array.isArray(raw) ? raw[0] : raw);
  if (!id.success) return null;
  const [row] = await tx`
    select id, name from public.projects where id = ${id.data} and organization_id = ${organizationId}`;
  return row ? z.object({ id: z.uuid(), name: z.string() }).parse(row) : null;
}
