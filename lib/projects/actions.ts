"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { createProject, deleteProject, setItemProject, setProjectArchived } from "./projects";
import { projectArchiveSchema, projectFieldsSchema, projectIdSchema, projectItemSchema } from "./schemas";

/** The projects pages' forms. */

function revalidateProjects(slug: string): void {
  revalidatePath(`/o/${slug}`, "layout");
}

export const createProjectAction = defineOrgAction({
  schema: projectFieldsSchema,
  permission: ["projects", "create"],
  transaction: true,
  async handler({ input, tx, claims, org }) {
    const project = await createProject(tx, org.organization.id, input, claims.sub);
    revalidateProjects(org.organization.slug);
    return project;
  },
  successMessage: "Project created.",
});

export const setProjectArchivedAction = defineOrgAction({
  schema: projectArchiveSchema,
  permission: ["projects", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const archived = input.archived === "true";
    const { changed } = await setProjectArchived(tx, org.organization.id, { id: input.id, archived });
    revalidateProjects(org.organization.slug);
    return { archived, changed };
  },
  successMessage: ({ archived, changed }) =>
    archived
      ? `Project archived with ${changed} item${changed === 1 ? "" : "s"}.`
      : `Project restored with ${changed} item${changed === 1 ? "" : "s"}.`,
});

export const deleteProjectAction = defineOrgAction({
  schema: projectIdSchema,
  permission: ["projects", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteProject(tx, org.organization.id, input);
    revalidateProjects(org.organization.slug);
    redirect(`/o/${org.organization.slug}/projects`);
  },
});

/** Moving an item is editing it: the wrapper checks membership, RLS the item's own update. */
export const setItemProjectAction = defineOrgAction({
  schema: projectItemSchema,
  permission: ["projects", "read"],
  transaction: true,
  async handler({ input, tx, org }) {
    await setItemProject(tx, org.organization.id, {
      kind: input.item.kind,
      itemId: input.item.id,
      projectId: input.project || null,
    });
    revalidateProjects(org.organization.slug);
  },
  successMessage: "Project updated.",
});
