import { z } from "zod";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import { canonicalDefinition, workflowDefinitionSchema, type WorkflowDefinition } from "./definition";
import { nodeLabel } from "./graph";
import { getNodeType } from "./nodes/registry";
import { validateWorkflow } from "./validate";

/**
 * Export and import of a workflow as a JSON file. The file carries the definition in its
 * canonical form, so exporting, importing and exporting again gives the same text.
 *
 * Import is strict about broken data (not JSON, a wrong shape, unknown step types, configs that
 * fail their schema, connections to nowhere, cycles) and says why for each; it accepts an
 * unfinished workflow (no trigger yet, a step left unconnected), as a draft may be.
 */

export const EXPORT_FORMAT = "orgflow.workflow";
export const EXPORT_VERSION = 1;
export const MAX_IMPORT_BYTES = 1024 * 1024;

export type WorkflowTransfer = { name: string; description: string; definition: WorkflowDefinition };

export type WorkflowExport = {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  name: string;
  description: string;
  definition: WorkflowDefinition;
};

export function exportWorkflow(workflow: WorkflowTransfer): WorkflowExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    name: workflow.name,
    description: workflow.description,
    definition: canonicalDefinition(workflow.definition),
  };
}

export function serializeExport(workflow: WorkflowTransfer): string {
  return `${JSON.stringify(exportWorkflow(workflow), null, 2)}\n`;
}

/** A file name for the export: `order-follow-up.workflow.json`. */
export function exportFileName(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${base || "workflow"}.workflow.json`;
}

export type ImportResult = { ok: true; workflow: WorkflowTransfer } | { ok: false; reasons: string[] };

const envelopeSchema = z.object({
  format: z.literal(EXPORT_FORMAT, {
    error: `This is not an Orgflow workflow file (format must be "${EXPORT_FORMAT}").`,
  }),
  version: z.literal(EXPORT_VERSION, {
    error: `This file is from a version of Orgflow this one cannot read.`,
  }),
  name: z.string().trim().min(1).max(200).catch("Imported workflow"),
  description: z.string().max(2000).catch(""),
  definition: z.unknown(),
});

const MAX_REASONS = 20;

export function parseWorkflowImport(text: string): ImportResult {
  if (new TextEncoder().encode(text).length > MAX_IMPORT_BYTES) {
    return { ok: false, reasons: [`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`] };
  }
  if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, reasons: [`The file is nested deeper than ${MAX_JSON_DEPTH} levels.`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reasons: [`The file is not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reasons: ["The file must contain a JSON object."] };
  }

  let name = "Imported workflow";
  let description = "";
  let rawDefinition: unknown = json;
  if ("format" in json || !("nodes" in json)) {
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success)
      return { ok: false, reasons: envelope.error.issues.map((i) => i.message).slice(0, MAX_REASONS) };
    ({ name, description } = envelope.data);
    rawDefinition = envelope.data.definition;
  }

  const parsed = workflowDefinitionSchema.safeParse(rawDefinition);
  if (!parsed.success) {
    return {
      ok: false,
      reasons: parsed.error.issues.slice(0, MAX_REASONS).map(
        (i) =>
          `${["definition", ...i.path]
            .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
            .join("")
            .slice(1)}: ${i.message}`,
      ),
    };
  }
  const definition = canonicalDefinition(parsed.data);

  const reasons: string[] = [];
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  for (const problem of validateWorkflow(definition)) {
    if (problem.kind === "incomplete" || problem.severity !== "error") continue;
    const node = problem.nodeId ? byId.get(problem.nodeId) : undefined;
    const where = node
      ? `Step “${nodeLabel(node)}” (${node.id})${problem.field ? `, ${problem.field}` : ""}: `
      : "";
    reasons.push(
      node && !getNodeType(node.type)
        ? `Step ${node.id} has an unknown type “${node.type}”.`
        : `${where}${problem.message}`,
    );
  }
  if (reasons.length > 0) return { ok: false, reasons: [...new Set(reasons)].slice(0, MAX_REASONS) };
  return { ok: true, workflow: { name, description, definition } };
}
