import "server-only";
import { z } from "zod";
import { listPage, pageQuerySchema, pageSchema, readOne, type ListSource } from "@/lib/db/pagination";
import { AppError } from "@/lib/errors";
import { workflowDefinitionSchema } from "@/lib/workflows/definition";
import { WORKFLOW_STATUSES } from "@/lib/workflows/status";
import {
  changeWorkflowStatus,
  createWorkflowTx,
  publishWorkflowTx,
  saveDraftTx,
  workflowDescriptionSchema,
  workflowNameSchema,
} from "@/lib/workflows/workflows";
import { endpoint, idParams } from "../endpoint";
import { createdRangeQuery, timestamp } from "./shared";

/** Workflows: list, read, create, change the draft, publish, archive (runs: ./executions.ts). */

const summaryColumns = `t.id, t.name, t.description, t.status, t.version, t.trigger_type,
  jsonb_array_length(t.definition -> 'nodes') as node_count,
  (select v.version from public.workflow_versions v where v.id = t.published_version_id) as published_version,
  t.published_at, t.created_at, t.updated_at`;

export const workflowSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  status: z.enum(WORKFLOW_STATUSES),
  version: z.int().describe("The draft's version: send it back as `expected_version` when you change it."),
  trigger_type: z.string().nullable(),
  node_count: z.int(),
  published_version: z.int().nullable().describe("The version that runs; null until published."),
  published_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export const workflowSchema = workflowSummarySchema.extend({
  definition: z.unknown().describe("The draft: React Flow's `{nodes, edges, viewport}`."),
});

const listSource: ListSource = { table: "public.workflows", columns: summaryColumns };
const source: ListSource = { table: "public.workflows", columns: `${summaryColumns}, t.definition` };
const NOT_FOUND = "This workflow does not exist.";
const read = (tx: Parameters<typeof readOne>[0], organizationId: string, id: string) =>
  readOne(tx, organizationId, source, id, workflowSchema, NOT_FOUND);

const draftSchema = z.object({
  name: workflowNameSchema.optional(),
  description: workflowDescriptionSchema.optional(),
  definition: workflowDefinitionSchema.optional(),
  expected_version: z
    .int()
    .optional()
    .describe("The draft's version you read: a 409 when someone saved since (the current one unless sent)."),
});

const tag = "Workflows";
const byId = idParams("workflow");

export const workflowEndpoints = {
  list: endpoint({
    method: "get",
    path: "/api/v1/workflows",
    operationId: "listWorkflows",
    summary: "List workflows, newest first",
    tag,
    permission: ["workflows", "read"],
    query: pageQuerySchema.extend({ status: z.enum(WORKFLOW_STATUSES).optional(), ...createdRangeQuery }),
    response: pageSchema(workflowSummarySchema),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        listSource,
        q,
        workflowSummarySchema,
        tx`${q.status ? tx`t.status = ${q.status}` : tx`true`}
           and ${q.created_after ? tx`t.created_at > ${q.created_after}` : tx`true`}
           and ${q.created_before ? tx`t.created_at < ${q.created_before}` : tx`true`}`,
      ),
  }),
  read: endpoint({
    method: "get",
    path: "/api/v1/workflows/{id}",
    operationId: "getWorkflow",
    summary: "A workflow with its draft definition",
    tag,
    permission: ["workflows", "read"],
    params: byId,
    response: workflowSchema,
    responseName: "Workflow",
    handler: ({ tx, organizationId, params }) => read(tx, organizationId, params.id),
  }),
  create: endpoint({
    method: "post",
    path: "/api/v1/workflows",
    operationId: "createWorkflow",
    summary: "Create a workflow (a draft)",
    tag,
    permission: ["workflows", "create"],
    body: z.object({
      name: workflowNameSchema,
      description: workflowDescriptionSchema.optional(),
      definition: workflowDefinitionSchema.optional(),
    }),
    maxBodyBytes: 2 * 1024 * 1024,
    response: workflowSchema,
    status: 201,
    handler: async ({ tx, organizationId, body }) => {
      const { id } = await createWorkflowTx(tx, organizationId, body);
      return read(tx, organizationId, id);
    },
  }),
  update: endpoint({
    method: "patch",
    path: "/api/v1/workflows/{id}",
    operationId: "updateWorkflow",
    summary: "Change the draft: its name, description or definition",
    description: "The version that runs changes only when you publish.",
    tag,
    permission: ["workflows", "update"],
    params: byId,
    body: draftSchema,
    maxBodyBytes: 2 * 1024 * 1024,
    response: workflowSchema,
    handler: async ({ tx, organizationId, params, body }) => {
      const current = await read(tx, organizationId, params.id);
      let version = body.expected_version ?? current.version;
      if (body.definition)
        version = (await saveDraftTx(tx, organizationId, params.id, version, body.definition)).version;
      if (body.name !== undefined || body.description !== undefined) {
        const [row] = await tx`
          update public.workflows set name = ${body.name ?? current.name},
                 description = ${body.description ?? current.description}
          where id = ${params.id} and organization_id = ${organizationId} and version = ${version}
            and status <> 'archived'
          returning id`;
        if (!row)
          throw new AppError("conflict", "Someone changed this workflow since you read it. Read it again.");
      }
      return read(tx, organizationId, params.id);
    },
  }),
  publish: endpoint({
    method: "post",
    path: "/api/v1/workflows/{id}/publish",
    operationId: "publishWorkflow",
    summary: "Publish the draft: it becomes the version that runs",
    description: "Refused with 400 and the problems when the graph is not valid.",
    tag,
    permission: ["workflows", "update"],
    params: byId,
    body: z.object({
      note: z.string().max(500).optional(),
      expected_version: z.int().optional(),
    }),
    response: workflowSchema,
    handler: async ({ tx, organizationId, params, body }) => {
      const current = await read(tx, organizationId, params.id);
      await publishWorkflowTx(tx, organizationId, params.id, {
        expectedVersion: body.expected_version ?? current.version,
        note: body.note,
      });
      return read(tx, organizationId, params.id);
    },
  }),
  archive: endpoint({
    method: "post",
    path: "/api/v1/workflows/{id}/archive",
    operationId: "archiveWorkflow",
    summary: "Archive a workflow (it stops running; restore it in the app)",
    tag,
    permission: ["workflows", "update"],
    params: byId,
    response: workflowSchema,
    handler: async ({ tx, organizationId, params }) => {
      await changeWorkflowStatus(tx, organizationId, params.id, "archive");
      return read(tx, organizationId, params.id);
    },
  }),
};
