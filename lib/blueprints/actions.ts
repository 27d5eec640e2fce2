"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { AppError } from "@/lib/errors";
import {
  installFormSchema,
  publishFormSchema,
  uninstallFormSchema,
  updateInstallFormSchema,
} from "./form-schemas";
import { installBlueprint } from "./install";
import { createBlueprint, publishVersion } from "./publish";
import { blueprintFieldsSchema } from "./schemas";
import { uninstallBlueprint, updateInstall } from "./update";

/** The blueprint forms: publish from a project page, install, update and uninstall. */

function revalidate(slug: string): void {
  revalidatePath(`/o/${slug}`, "layout");
}

/** A new blueprint (name, slug, …) or a new version of one of the organization's blueprints. */
export const publishBlueprintAction = defineOrgAction({
  schema: publishFormSchema,
  permission: ["blueprints", "create"],
  transaction: true,
  async handler({ input, tx, claims, org }) {
    let blueprintId = input.blueprint_id;
    if (!blueprintId) {
      const fields = blueprintFieldsSchema.safeParse({
        name: input.name,
        slug: input.slug,
        description: input.description,
        category: input.category,
        visibility: input.visibility,
      });
      if (!fields.success) {
        const issue = fields.error.issues[0]!;
        throw new AppError("validation_failed", "Please correct the highlighted fields.", {
          [String(issue.path[0] ?? "_form")]: [issue.message],
        });
      }
      blueprintId = (await createBlueprint(tx, org.organization.id, fields.data, claims.sub)).id;
    }
    const published = await publishVersion(
      tx,
      org.organization.id,
      {
        blueprintId,
        version: input.version,
        changelog: input.changelog,
        variables: input.variables,
        commission_plans: [],
        source: { project_id: input.project_id },
      },
      claims.sub,
    );
    revalidate(org.organization.slug);
    return { blueprintId, ...published };
  },
  successMessage: ({ version, leftOutRules }) =>
    `Version ${version} published.` +
    (leftOutRules ? ` ${leftOutRules} commission rule(s) for named people were left out.` : ""),
});

export const installBlueprintAction = defineOrgAction({
  schema: installFormSchema,
  permission: ["blueprints", "create"],
  transaction: true,
  async handler({ input, tx, claims, org }) {
    const installed = await installBlueprint(
      tx,
      org.organization.id,
      { versionId: input.version_id, variables: input.variables },
      claims.sub,
    );
    revalidate(org.organization.slug);
    return installed;
  },
  successMessage: ({ created }) => `Installed: ${created} item${created === 1 ? "" : "s"} created.`,
});

export const updateInstallAction = defineOrgAction({
  schema: updateInstallFormSchema,
  permission: ["blueprints", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const result = await updateInstall(tx, org.organization.id, {
      installId: input.install_id,
      versionId: input.version_id,
      variables: input.variables,
      replace: input.replace,
    });
    revalidate(org.organization.slug);
    return result;
  },
  successMessage: ({ version, entries }) => {
    const conflicts = entries.filter((e) => e.action === "conflict").length;
    return `Updated to ${version}.${conflicts ? ` ${conflicts} item${conflicts === 1 ? "" : "s"} edited here kept as they are.` : ""}`;
  },
});

export const uninstallBlueprintAction = defineOrgAction({
  schema: uninstallFormSchema,
  permission: ["blueprints", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    const result = await uninstallBlueprint(tx, org.organization.id, {
      installId: input.install_id,
      edited: input.edited,
    });
    revalidate(org.organization.slug);
    if (input.after === "list") redirect(`/o/${org.organization.slug}/blueprints`);
    return result;
  },
  successMessage: ({ removed, kept }) =>
    `Uninstalled: ${removed} item${removed === 1 ? "" : "s"} removed` +
    (kept.length ? `, ${kept.length} edited here kept.` : "."),
});
