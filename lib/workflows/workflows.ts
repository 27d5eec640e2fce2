import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { moveToTrash } from "@/lib/trash/trash";
import { AppError } from "@/lib/errors";
import {
  canonicalDefinition,
  emptyDefinition,
  workflowDefinitionSchema,
  type WorkflowDefinition,
} from "./definition";
import { hasErrors, type Problem } from "./graph";
import { WORKFLOW_STATUSES, type WorkflowStatus } from "./status";
import { validateWorkflow } from "./validate";
import { ensureWebhookToken } from "./webhook-tokens";

/**
 * Workflows data access, in the caller's transaction (opened as the signed-in user by the wrapper
 * or page guard), so RLS and the permission function decide what they may read and change; the
 * functions add what SQL alone does not say well (clear messages, the conflict check's second
 * look, graph validation before publishing). The `…Tx` names are kept for the REST API's callers
 * (lib/public-api); the claims-taking versions they stood beside are gone. Templates:
 * ./template-library.ts.
 */

export const CONFLICT_MESSAGE =
  "Someone else saved this workflow since you opened it, so your latest changes were not saved. Reload to see theirs.";
const NOT_FOUND_MESSAGE = "This workflow does not exist or was deleted.";

export const workflowNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(200, "Use at most 200 characters.");
export const workflowDescriptionSchema = z
  .string()
  .trim()
  .max(2000, "Use at most 2000 characters.")
  .default("");

const workflowSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  status: z.enum(WORKFLOW_STATUSES),
  version: z.number().int(),
  trigger_type: z.string().nullable(),
  node_count: z.number().int(),
  published_version: z.number().int().nullable(),
  published_at: z.date().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type WorkflowSummary = z.infer<typeof workflowSummarySchema> & {
  /** When it last ran; null when it never ran (or the member may not read runs). */
  last_run_at: Date | null;
  /** Its latest run (listWorkflows only). */
  last_run?: { id: string; status: string } | null;
};

const workflowSchema = workflowSummarySchema.extend({
  definition: workflowDefinitionSchema,
  created_by_name: z.string().nullable(),
});
export type Workflow = z.infer<typeof workflowSchema>;

const versionSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  note: z.string().nullable(),
  author_name: z.string().nullable(),
  node_count: z.number().int(),
  created_at: z.date(),
});
export type WorkflowVersion = z.infer<typeof versionSchema>;

const summaryColumns = (tx: Tx) => tx`
  w.id, w.name, w.description, w.status, w.version, w.trigger_type,
  jsonb_array_length(w.definition -> 'nodes') as node_count,
  (select v.version from workflow_versions v where v.id = w.published_version_id) as published_version,
  w.published_at, w.created_at, w.updated_at`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listWorkflows(
  tx: Tx,
  organizationId: string,
  options: {
    query?: string;
    status?: WorkflowStatus;
    projectId?: string;
    limit?: number;
    offset?: number;
  } = {},
): Promise<{ workflows: WorkflowSummary[]; total: number; used: number }> {
  const pattern = options.query ? `%${escapeLike(options.query)}%` : null;
  const [rows, [usage]] = await Promise.all([
    tx`
      select ${summaryColumns(tx)}, count(*) over () as total,
             lr.id as last_run_id, lr.status as last_run_status, lr.created_at as last_run_at
      from workflows w
      -- The latest run (executions_workflow_created_idx); RLS hides runs without executions:read.
      left join lateral (
        select e.id, e.status, e.created_at from executions e
        where e.workflow_id = w.id order by e.created_at desc, e.id desc limit 1
      ) lr on true
      where w.organization_id = ${organizationId}
        and (${pattern}::text is null or w.name ilike ${pattern} or w.description ilike ${pattern})
        and (${options.status ?? null}::text is null and w.status <> 'archived' or w.status = ${options.status ?? null})
        and (${options.projectId ?? null}::uuid is null or w.project_id = ${options.projectId ?? null})
      order by w.updated_at desc, w.id
      limit ${Math.min(options.limit ?? 50, 200)} offset ${options.offset ?? 0}`,
    tx`select count(*) as used from workflows where organization_id = ${organizationId} and status <> 'archived'`,
  ]);
  return {
    workflows: rows.map(({ total: _t, last_run_id, last_run_status, last_run_at, ...row }) => ({
      ...workflowSummarySchema.parse(row),
      last_run_at: (last_run_at as Date | null) ?? null,
      last_run: last_run_id ? { id: last_run_id as string, status: last_run_status as string } : null,
    })),
    total: Number(rows[0]?.total ?? 0),
    used: Number(usage?.used ?? 0),
  };
}

export async function getWorkflowTx(tx: Tx, organizationId: string, id: string): Promise<Workflow | null> {
  const [row] = await tx`
    select ${summaryColumns(tx)}, w.definition,
           (select coalesce(nullif(btrim(d.display_name), ''), d.email)
            from private.member_directory(w.organization_id) d where d.id = w.created_by) as created_by_name
    from workflows w
    where w.id = ${id} and w.organization_id = ${organizationId}`;
  return row ? workflowSchema.parse(row) : null;
}

const idRowSchema = z.object({ id: z.uuid() });

export type NewWorkflow = { name: string; description?: string; definition?: WorkflowDefinition };

export async function createWorkflowTx(
  tx: Tx,
  organizationId: string,
  input: NewWorkflow,
): Promise<{ id: string }> {
  const definition = canonicalDefinition(input.definition ?? emptyDefinition());
  const [row] = await tx`
    insert into workflows (organization_id, name, description, definition)
    values (${organizationId}, ${input.name}, ${input.description ?? ""}, ${tx.json(definition as never)})
    returning id`;
  return idRowSchema.parse(row);
}

/** Why an update matched no row: gone (or not visible), archived, or changed by someone else. */
async function explainMiss(tx: Tx, organizationId: string, id: string): Promise<never> {
  const [row] =
    await tx`select status from workflows where id = ${id} and organization_id = ${organizationId}`;
  if (!row) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  if (row.status === "archived") {
    throw new AppError(
      "conflict",
      "This workflow is archived. Restore it from the workflows list to edit it.",
    );
  }
  throw new AppError("conflict", CONFLICT_MESSAGE);
}

const savedSchema = z
  .object({ version: z.number().int(), updated_at: z.date() })
  .transform((row) => ({ version: row.version, updatedAt: row.updated_at }));
export type SavedDraft = z.output<typeof savedSchema>;

/**
 * Saves the draft's definition if the draft is still at `expectedVersion` (nobody else saved in
 * between); the database bumps the version. Otherwise a `conflict` AppError, and nothing changes.
 */
export async function saveDraftTx(
  tx: Tx,
  organizationId: string,
  id: string,
  expectedVersion: number,
  definition: WorkflowDefinition,
): Promise<SavedDraft> {
  const [row] = await tx`
    update workflows set definition = ${tx.json(canonicalDefinition(definition) as never)}
    where id = ${id} and organization_id = ${organizationId} and version = ${expectedVersion} and status <> 'archived'
    returning version, updated_at`;
  if (!row) return explainMiss(tx, organizationId, id);
  return savedSchema.parse(row);
}

export async function renameWorkflow(
  tx: Tx,
  organizationId: string,
  id: string,
  input: { expectedVersion: number; name: string; description: string },
): Promise<SavedDraft> {
  const [row] = await tx`
      update workflows set name = ${input.name}, description = ${input.description}
      where id = ${id} and organization_id = ${organizationId} and version = ${input.expectedVersion}
        and status <> 'archived'
      returning version, updated_at`;
  if (!row) return explainMiss(tx, organizationId, id);
  return savedSchema.parse(row);
}

export class PublishRefused extends AppError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === "error");
    super(
      "validation_failed",
      `Fix ${errors.length === 1 ? "1 problem" : `${errors.length} problems`} before publishing: ${errors[0]?.message ?? ""}`,
    );
    this.problems = errors;
  }
}

export type Published = { draftVersion: number; version: WorkflowVersion };

/**
 * Publishes the draft: saves `definition` first when given (with the same conflict check),
 * validates the whole graph (one trigger, everything reachable, valid configs), then stores an
 * immutable version and makes it the one that runs. All or nothing, in one transaction.
 */
export async function publishWorkflowTx(
  tx: Tx,
  organizationId: string,
  id: string,
  input: { expectedVersion: number; definition?: WorkflowDefinition; note?: string },
): Promise<Published> {
  let draftVersion = input.expectedVersion;
  let definition = input.definition;
  if (definition) {
    draftVersion = (await saveDraftTx(tx, organizationId, id, input.expectedVersion, definition)).version;
  } else {
    const current = await getWorkflowTx(tx, organizationId, id);
    if (!current) throw new AppError("not_found", NOT_FOUND_MESSAGE);
    definition = current.definition;
  }
  const problems = validateWorkflow(definition);
  if (hasErrors(problems)) throw new PublishRefused(problems);
  const [row] = await tx`
    select v.id, v.version, v.note, v.author_name, jsonb_array_length(v.definition -> 'nodes') as node_count, v.created_at
    from publish_workflow(${id}, ${draftVersion}, ${input.note ?? null}) v`;
  return { draftVersion, version: versionSchema.parse(row) };
}

/**
 * Publishes, and gives a workflow that now starts with a webhook its URL token when it has none
 * yet (returned as `webhookToken`, the one time it is shown; null otherwise).
 */
export async function publishWorkflowWithToken(
  tx: Tx,
  organizationId: string,
  id: string,
  input: { expectedVersion: number; definition?: WorkflowDefinition; note?: string },
) {
  const published = await publishWorkflowTx(tx, organizationId, id, input);
  const issued = await ensureWebhookToken(tx, organizationId, id);
  return { ...published, webhookToken: issued?.token ?? null };
}

export async function listVersions(tx: Tx, organizationId: string, workflowId: string) {
  const rows = await tx`
      select v.id, v.version, v.note, v.author_name, jsonb_array_length(v.definition -> 'nodes') as node_count, v.created_at
      from workflow_versions v
      where v.workflow_id = ${workflowId} and v.organization_id = ${organizationId}
      order by v.version desc
      limit 200`;
  return z.array(versionSchema).parse(rows);
}

/** Puts a published version's definition back into the draft (a save, with its conflict check). */
export async function restoreVersion(
  tx: Tx,
  organizationId: string,
  workflowId: string,
  input: { versionId: string; expectedVersion: number },
): Promise<SavedDraft & { definition: WorkflowDefinition }> {
  const [row] = await tx`
      select definition from workflow_versions
      where id = ${input.versionId} and workflow_id = ${workflowId} and organization_id = ${organizationId}`;
  if (!row) throw new AppError("not_found", "That version does not exist.");
  const definition = workflowDefinitionSchema.parse(row.definition);
  const saved = await saveDraftTx(tx, organizationId, workflowId, input.expectedVersion, definition);
  return { ...saved, definition };
}

export async function duplicateWorkflow(tx: Tx, organizationId: string, id: string) {
  const source = await getWorkflowTx(tx, organizationId, id);
  if (!source) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  const name = `Copy of ${source.name}`.slice(0, 200);
  return createWorkflowTx(tx, organizationId, {
    name,
    description: source.description,
    definition: source.definition,
  });
}

export type StatusChange = "pause" | "resume" | "archive" | "restore";

/**
 * Pause and resume a published workflow, archive any, restore an archived one (back to paused if
 * it was ever published, else to draft; it counts against the plan again, so the limit applies).
 */
export async function changeWorkflowStatus(
  tx: Tx,
  organizationId: string,
  id: string,
  change: StatusChange,
): Promise<WorkflowStatus> {
  const [row] = await tx`
    update workflows
    set status = case ${change}::text
                   when 'pause' then 'paused'
                   when 'resume' then 'active'
                   when 'archive' then 'archived'
                   else case when published_version_id is null then 'draft' else 'paused' end
                 end
    where id = ${id} and organization_id = ${organizationId}
      and case ${change}::text
            when 'pause' then status = 'active'
            when 'resume' then status = 'paused'
            when 'archive' then status <> 'archived'
            else status = 'archived'
          end
    returning status`;
  if (row) return z.object({ status: z.enum(WORKFLOW_STATUSES) }).parse(row).status;
  const [current] =
    await tx`select status from workflows where id = ${id} and organization_id = ${organizationId}`;
  if (!current) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  const messages: Record<StatusChange, string> = {
    pause: "Only an active workflow can be paused.",
    resume: "Only a paused workflow can be resumed.",
    archive: "This workflow is already archived.",
    restore: "Only an archived workflow can be restored.",
  };
  throw new AppError("conflict", messages[change]);
}

/** Moves the workflow to the trash for 30 days (archived meanwhile; its runs stay). */
export async function deleteWorkflow(tx: Tx, organizationId: string, id: string): Promise<void> {
  await moveToTrash(tx, organizationId, { kind: "workflow", id }).catch((e: unknown) => {
    throw e instanceof AppError && e.code === "not_found" ? new AppError("not_found", NOT_FOUND_MESSAGE) : e;
  });
}
