import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ProjectFields, ProjectItemKind } from "./schemas";

/**
 * Writing projects in the caller's transaction, as the member (RLS: projects:create / update /
 * delete; moving an item is updating the item, by its own resource). Archiving a project archives
 * its workflows and bots and pauses its agents, remembering each one's status; restoring the
 * project gives each back its status. An item the member may not change refuses the whole archive
 * (nothing half-done).
 */

export const PROJECT_NOT_FOUND = "This project does not exist or was deleted.";

export async function createProject(
  tx: Tx,
  organizationId: string,
  fields: ProjectFields,
  createdBy: string | null,
): Promise<{ id: string }> {
  try {
    const [row] = await tx`
      insert into public.projects (organization_id, name, description, created_by)
      values (${organizationId}, ${fields.name}, ${fields.description}, ${createdBy}) returning id`;
    return { id: z.uuid().parse(row?.id) };
  } catch (e) {
    if ((e as { code?: string }).code === "23505")
      throw new AppError("validation_failed", "A project with this name already exists.", {
        name: ["A project with this name already exists."],
      });
    throw e;
  }
}

export async function deleteProject(tx: Tx, organizationId: string, params: { id: string }): Promise<void> {
  const rows = await tx`
    delete from public.projects where id = ${params.id} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", PROJECT_NOT_FOUND);
}

const TABLES = { workflows: "workflows", bots: "bots", agents: "agents" } as const;
const ARCHIVED: Record<ProjectItemKind, string> = {
  workflows: "archived",
  bots: "archived",
  agents: "paused",
};

/** Moves an item of the organization into a project (or out of any, with null). */
export async function setItemProject(
  tx: Tx,
  organizationId: string,
  params: { kind: ProjectItemKind; itemId: string; projectId: string | null },
): Promise<void> {
  if (params.projectId) {
    const [project] = await tx`
      select status from public.projects where id = ${params.projectId} and organization_id = ${organizationId}`;
    if (!project) throw new AppError("not_found", PROJECT_NOT_FOUND);
    if (project.status === "archived")
      throw new AppError("conflict", "This project is archived. Restore it before adding to it.");
  }
  const rows = await tx`
    update ${tx("public." + TABLES[params.kind])} set project_id = ${params.projectId}
    where id = ${params.itemId} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0)
    throw new AppError("not_found", "That item does not exist, or you may not change it.");
}

/** Archives (or restores) a project with everything in it. */
export async function setProjectArchived(
  tx: Tx,
  organizationId: string,
  params: { id: string; archived: boolean },
): Promise<{ changed: number }> {
  const [project] = await tx`
    select status, archived_items from public.projects
    where id = ${params.id} and organization_id = ${organizationId} for update`;
  if (!project) throw new AppError("not_found", PROJECT_NOT_FOUND);
  if ((project.status === "archived") === params.archived)
    throw new AppError(
      "conflict",
      params.archived ? "This project is already archived." : "This project is not archived.",
    );
  const saved = (project.archived_items ?? {}) as Partial<Record<ProjectItemKind, Record<string, string>>>;
  const kept: Partial<Record<ProjectItemKind, Record<string, string>>> = {};
  let changed = 0;
  for (const kind of Object.keys(TABLES) as ProjectItemKind[]) {
    const table = tx("public." + TABLES[kind]);
    const items = z
      .array(z.object({ id: z.uuid(), status: z.string() }))
      .parse(
        await tx`select id, status from ${table} where organization_id = ${organizationId} and project_id = ${params.id}`,
      );
    const before = params.archived
      ? Object.fromEntries(items.map((i) => [i.id, i.status]))
      : (saved[kind] ?? {});
    if (params.archived) kept[kind] = before;
    const targets = items.filter((i) =>
      params.archived ? i.status !== ARCHIVED[kind] : before[i.id] !== undefined,
    );
    for (const item of targets) {
      const next = params.archived ? ARCHIVED[kind] : before[item.id]!;
      if (next === item.status) continue;
      const updated = await tx`
        update ${table} set status = ${next} where id = ${item.id} and organization_id = ${organizationId} returning id`;
      if (updated.length === 0)
        throw new AppError(
          "forbidden",
          `You may not change every ${kind.slice(0, -1)} of this project, so it was left as it was.`,
        );
      changed++;
    }
  }
  await tx`
    update public.projects
    set status = ${params.archived ? "archived" : "active"}, archived_at = ${params.archived ? tx`now()` : null},
        archived_items = ${tx.json(kept as never)}
    where id = ${params.id} and organization_id = ${organizationId}`;
  return { changed };
}
