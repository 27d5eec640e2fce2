import type { Sql } from "@/lib/db/client";
import {
  workflowDefinitionSchema,
  type WorkflowDefinition,
  type WorkflowNode,
} from "@/lib/workflows/definition";

/**
 * Where the engine reads what to run: the workflow version an execution names (the published one
 * at the time it was started). The one place that knows the workflows tables' shape.
 */

export type EngineDefinition = Pick<WorkflowDefinition, "nodes" | "edges">;
export type EngineNode = WorkflowNode;

export async function loadDefinition(
  db: Sql,
  workflowId: string,
  versionId: string | null,
): Promise<EngineDefinition | null> {
  const rows = versionId
    ? await db`select definition from public.workflow_versions where id = ${versionId} and workflow_id = ${workflowId}`
    : await db`select v.definition from public.workflows w
               join public.workflow_versions v on v.id = w.published_version_id where w.id = ${workflowId}`;
  if (!rows[0]) return null;
  const parsed = workflowDefinitionSchema.safeParse(rows[0].definition);
  if (!parsed.success) throw new Error(`The stored definition of workflow ${workflowId} is not valid.`);
  return parsed.data;
}
