"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { stackConfig } from "@/lib/config/stack";
import {
  changeStatusSchema,
  createWorkflowSchema,
  UNTITLED_WORKFLOW,
  importWorkflowSchema,
  publishWorkflowSchema,
  renameWorkflowSchema,
  restoreVersionSchema,
  saveAsTemplateSchema,
  saveDraftSchema,
  templateIdSchema,
  workflowIdSchema,
} from "./action-schemas";
import { createFromTemplate, deleteTemplate, saveAsTemplate } from "./template-library";
import {
  changeWorkflowStatus,
  createWorkflowTx,
  deleteWorkflow,
  duplicateWorkflow,
  publishWorkflowWithToken,
  renameWorkflow,
  restoreVersion,
  saveDraftTx,
} from "./workflows";
import { workflowStatusLabels } from "./status";
import { issueWebhookToken, webhookUrls } from "./webhook-tokens";

const listPath = (slug: string) => `/o/${slug}/workflows`;
const builderPath = (slug: string, id: string) => `/o/${slug}/workflows/${id}`;

export const createWorkflowAction = defineOrgAction({
  schema: createWorkflowSchema,
  permission: ["workflows", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const organizationId = org.organization.id;
    const { id } = input.template_id
      ? await createFromTemplate(tx, organizationId, {
          templateId: input.template_id,
          name: input.name,
          description: input.description,
        })
      : await createWorkflowTx(tx, organizationId, {
          name: input.name || UNTITLED_WORKFLOW,
          description: input.description,
        });
    revalidatePath(listPath(org.organization.slug));
    redirect(builderPath(org.organization.slug, id));
  },
});

/** The file is parsed and checked in the browser (with reasons); the server checks the definition again. */
export const importWorkflowAction = defineOrgAction({
  schema: importWorkflowSchema,
  permission: ["workflows", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const { id } = await createWorkflowTx(tx, org.organization.id, input);
    revalidatePath(listPath(org.organization.slug));
    redirect(builderPath(org.organization.slug, id));
  },
});

export const saveDraftAction = defineOrgAction({
  schema: saveDraftSchema,
  permission: ["workflows", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const saved = await saveDraftTx(
      tx,
      org.organization.id,
      input.id,
      input.expected_version,
      input.definition,
    );
    return { version: saved.version, savedAt: saved.updatedAt.toISOString() };
  },
});

export const renameWorkflowAction = defineOrgAction({
  schema: renameWorkflowSchema,
  permission: ["workflows", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const saved = await renameWorkflow(tx, org.organization.id, input.id, {
      expectedVersion: input.expected_version,
      name: input.name,
      description: input.description,
    });
    revalidatePath(listPath(org.organization.slug));
    return { version: saved.version, savedAt: saved.updatedAt.toISOString() };
  },
  successMessage: "Renamed.",
});

export const publishWorkflowAction = defineOrgAction({
  schema: publishWorkflowSchema,
  permission: ["workflows", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const published = await publishWorkflowWithToken(tx, org.organization.id, input.id, {
      expectedVersion: input.expected_version,
      definition: input.definition,
      note: input.note || undefined,
    });
    revalidatePath(listPath(org.organization.slug));
    return {
      draftVersion: published.draftVersion,
      version: published.version.version,
      savedAt: new Date().toISOString(),
      // A webhook URL made by this publish: the only time its token is sent anywhere.
      webhook: published.webhookToken
        ? webhookUrls(stackConfig().siteUrl, input.id, published.webhookToken)
        : null,
    };
  },
  successMessage: (data) => `Published version ${data.version}.`,
});

/**
 * Makes the workflow's webhook URL, or rotates it: a new random token replaces the old one, which
 * stops working at once (its test URL too). The new URL is answered once and never again.
 */
export const rotateWebhookUrlAction = defineOrgAction({
  schema: workflowIdSchema,
  permission: ["workflows", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const issued = await issueWebhookToken(tx, org.organization.id, input.id);
    return { ...webhookUrls(stackConfig().siteUrl, input.id, issued.token), prefix: issued.prefix };
  },
  successMessage: "New webhook URL made. Copy it now: it is shown only this once.",
});

export const restoreVersionAction = defineOrgAction({
  schema: restoreVersionSchema,
  permission: ["workflows", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const restored = await restoreVersion(tx, org.organization.id, input.id, {
      versionId: input.version_id,
      expectedVersion: input.expected_version,
    });
    return {
      version: restored.version,
      savedAt: restored.updatedAt.toISOString(),
      definition: restored.definition,
    };
  },
  successMessage: "The version is back in the draft. Publish it to make it live again.",
});

export const duplicateWorkflowAction = defineOrgAction({
  schema: workflowIdSchema,
  permission: ["workflows", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const copy = await duplicateWorkflow(tx, org.organization.id, input.id);
    revalidatePath(listPath(org.organization.slug));
    return { id: copy.id, href: builderPath(org.organization.slug, copy.id) };
  },
  successMessage: "Duplicated. The copy is a draft.",
});

export const changeWorkflowStatusAction = defineOrgAction({
  schema: changeStatusSchema,
  permission: ["workflows", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const status = await changeWorkflowStatus(tx, org.organization.id, input.id, input.change);
    revalidatePath(listPath(org.organization.slug));
    revalidatePath(builderPath(org.organization.slug, input.id));
    return { status };
  },
  successMessage: (data) => `The workflow is now ${workflowStatusLabels[data.status].toLowerCase()}.`,
});

export const deleteWorkflowAction = defineOrgAction({
  schema: workflowIdSchema,
  permission: ["workflows", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteWorkflow(tx, org.organization.id, input.id);
    revalidatePath(listPath(org.organization.slug));
  },
  successMessage:
    "The workflow is in the trash for 30 days, with its versions and runs. Restore it from Trash.",
});

export const saveAsTemplateAction = defineOrgAction({
  schema: saveAsTemplateSchema,
  permission: ["workflows", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    return saveAsTemplate(tx, org.organization.id, input.id, input);
  },
  successMessage: "Saved as a template. Your team can start new workflows from it.",
});

export const deleteTemplateAction = defineOrgAction({
  schema: templateIdSchema,
  permission: ["workflows", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteTemplate(tx, org.organization.id, input.id);
    revalidatePath(`${listPath(org.organization.slug)}/new`);
  },
  successMessage: "The template has been deleted. Workflows made from it are unchanged.",
});
