import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { canonicalDefinition, workflowDefinitionSchema } from "./definition";
import { getNodeType } from "./nodes/registry";
import { previewGraph, type PreviewGraph } from "./preview";
import { createWorkflowTx, getWorkflowTx } from "./workflows";

/**
 * Workflow templates: the ones Orgflow ships (organization_id null) and an organization's own,
 * listed for the picker, turned into workflows, saved from a workflow, deleted. In the caller's
 * transaction, as the member.
 */

const templateRowSchema = z.object({
  id: z.uuid(),
  /** The stable key of a template Orgflow ships; null for an organization's own. */
  key: z.string().nullable(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  /** Null for the templates Orgflow ships; the organization's own otherwise. */
  organization_id: z.uuid().nullable(),
  node_types: z.array(z.string()),
  definition: workflowDefinitionSchema,
});
export type WorkflowTemplate = Omit<z.infer<typeof templateRowSchema>, "definition"> & {
  /** A small picture of its graph, for the picker. */
  preview: PreviewGraph;
};

export async function listTemplates(tx: Tx, organizationId: string): Promise<WorkflowTemplate[]> {
  const rows = await tx`
      select t.id, t.key, t.name, t.category, t.description, t.organization_id, t.definition,
             coalesce((select jsonb_agg(distinct n ->> 'type') from jsonb_array_elements(t.definition -> 'nodes') n),
                      '[]'::jsonb) as node_types
      from workflow_templates t
      where t.organization_id is null or t.organization_id = ${organizationId}
      order by t.organization_id nulls last, t.category, t.name`;
  return z
    .array(templateRowSchema)
    .parse(rows)
    .map(({ definition, ...t }) => ({ ...t, preview: previewGraph(definition, getNodeType) }));
}

const templateSourceSchema = z.object({
  name: z.string(),
  description: z.string(),
  definition: workflowDefinitionSchema,
});

export async function createFromTemplate(
  tx: Tx,
  organizationId: string,
  input: { templateId: string; name?: string; description?: string },
): Promise<{ id: string }> {
  const [row] = await tx`
      select name, description, definition from workflow_templates
      where id = ${input.templateId} and (organization_id is null or organization_id = ${organizationId})`;
  if (!row) throw new AppError("not_found", "That template does not exist.");
  const template = templateSourceSchema.parse(row);
  return createWorkflowTx(tx, organizationId, {
    name: input.name || template.name,
    description: input.description || template.description,
    definition: template.definition,
  });
}

/** Deletes one of the organization's own templates; the shipped public ones cannot be deleted. */
export async function deleteTemplate(tx: Tx, organizationId: string, templateId: string): Promise<void> {
  const [row] = await tx`
      select organization_id from workflow_templates
      where id = ${templateId} and (organization_id is null or organization_id = ${organizationId})`;
  if (!row) throw new AppError("not_found", "That template does not exist.");
  if (z.object({ organization_id: z.uuid().nullable() }).parse(row).organization_id === null)
    throw new AppError("forbidden", "Templates that come with Orgflow cannot be deleted.");
  const deleted = await tx`delete from workflow_templates where id = ${templateId} returning id`;
  if (deleted.length === 0) throw new AppError("forbidden", "Your role cannot delete templates.");
}

export async function saveAsTemplate(
  tx: Tx,
  organizationId: string,
  workflowId: string,
  input: { name: string; category: string; description: string },
): Promise<{ id: string }> {
  const source = await getWorkflowTx(tx, organizationId, workflowId);
  if (!source) throw new AppError("not_found", "This workflow does not exist or was deleted.");
  const [row] = await tx`
      insert into workflow_templates (organization_id, name, category, description, definition)
      values (${organizationId}, ${input.name}, ${input.category}, ${input.description},
              ${tx.json(canonicalDefinition(source.definition) as never)})
      returning id`;
  return z.object({ id: z.uuid() }).parse(row);
}
