import { edgeId, type WorkflowDefinition } from "../definition";
import type { NodeTypeName } from "../nodes/registry";
import type { TemplateCategory } from "./categories";

/**
 * Helpers for writing the workflow templates Orgflow ships (./index.ts) as code: typed node types,
 * positions on a grid, edge ids as the builder makes them. The templates reach the database through
 * a migration written by scripts/workflow-templates-sql.ts.
 */

export type CatalogTemplate = {
  /** Stable name of the template (`workflow_templates.key`): later migrations update rows by it. */
  key: string;
  name: string;
  category: TemplateCategory;
  /** One line: the job it does. */
  description: string;
  definition: WorkflowDefinition;
};

export type Step = {
  id: string;
  type: NodeTypeName;
  label?: string;
  config: Record<string, unknown>;
  /** Grid cell: column (left to right, in the order steps run) and row (branches above and below). */
  at: [column: number, row: number];
};

/** A connection from `source`'s handle (default "out") to `target`'s input. */
export type Link = [source: string, target: string, handle?: string];

const COLUMN = 320;
const ROW = 150;

export function flow(steps: Step[], links: Link[]): WorkflowDefinition {
  return {
    nodes: steps.map((s) => ({
      id: s.id,
      type: s.type,
      position: { x: s.at[0] * COLUMN, y: s.at[1] * ROW },
      data: { ...(s.label ? { label: s.label } : {}), config: s.config },
    })),
    edges: links.map(([source, target, handle = "out"]) => {
      const e = { source, sourceHandle: handle, target, targetHandle: "in" };
      return { id: edgeId(e), ...e };
    }),
    viewport: { x: 80, y: 200, zoom: 0.8 },
  };
}

/** A webhook trigger whose sample body makes `trigger.body.…` autocomplete (and check) in later steps. */
export const webhook = (sample: Record<string, unknown>) => ({
  method: "POST",
  require_secret: true,
  sample_body: JSON.stringify(sample, null, 2),
});

export const email = (to: string, subject: string, body: string) => ({ to, subject, body, reply_to: "" });

export const notify = (
  audience: "owners" | "administrators" | "everyone",
  title: string,
  message: string,
  link = "",
) => ({ audience, title, message, link });

export const addTag = (contactId: string, tags: string) => ({
  operation: "add_tag",
  contact_id: contactId,
  tags,
});

export const sms = (contactId: string, message: string) => ({
  operation: "send_sms",
  contact_id: contactId,
  message,
});

type Rule = [left: string, operator: string, right?: string];
export const when = (rules: Rule[], combinator: "all" | "any" = "all") => ({
  combinator,
  rules: rules.map(([left, operator, right = ""]) => ({ left, operator, right })),
});

export const end = (message: string) => ({ outcome: "completed", message });
