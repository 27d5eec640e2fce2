import { DEFAULT_VIEWPORT, edgeId } from "@/lib/workflows/definition";
import { laidOut, type FlowDefinition, type FlowEdge, type FlowNode } from "./definition";

/** The pieces the offered bot flows are built from (./templates.ts, ./templates-*.ts). */

export type BotFlowTemplate = {
  key: string;
  name: string;
  /** One line: what the bot does for the business. */
  purpose: string;
  /** What the bot says first; the bot's default greeting when absent. */
  greeting?: string;
  flow: () => FlowDefinition;
};

export const STEP = 150;
export const BRANCH = 300;

export function node(
  id: string,
  type: string,
  column: number,
  row: number,
  config: Record<string, unknown>,
): FlowNode {
  return { id, type, position: { x: column * BRANCH, y: row * STEP }, data: { config } };
}

export function edge(source: string, target: string, sourceHandle = "out"): FlowEdge {
  const e = { source, sourceHandle, target, targetHandle: "in" };
  return { id: edgeId(e), ...e };
}

/** Steps one after the other, each from its "out" handle. */
export function chain(...ids: string[]): FlowEdge[] {
  return ids.slice(1).map((id, i) => edge(ids[i]!, id));
}

export const ask = (
  question: string,
  kind: "text" | "email" | "phone" | "choice",
  variable: string,
  extra: { choices?: string[]; retry_message?: string; allow_other_questions?: boolean } = {},
) => ({
  question,
  kind,
  variable,
  choices: extra.choices ?? [],
  retry_message: extra.retry_message ?? "",
  max_attempts: 3,
  // An offer rather than a wall: a reply that is no answer is answered as a question instead.
  allow_other_questions: extra.allow_other_questions ?? false,
});

export const lead = (fields: { email?: string; first_name?: string; phone?: string }, tags: string[]) => ({
  email_variable: fields.email ?? "",
  first_name_variable: fields.first_name ?? "",
  last_name_variable: "",
  phone_variable: fields.phone ?? "",
  company_variable: "",
  tags,
});

export const EMAIL_RETRY = "That does not look like an email address. Please check it and try again.";
export const PHONE_RETRY = "That does not look like a phone number. Please type it with the area code.";
/** Tells the organization's workflows (event "conversation.started"), e.g. "Chatbot lead → GoHighLevel contact". */
export const TELL_WORKFLOWS = { mode: "event", workflow_id: "" };
export const flowOf = (nodes: FlowNode[], edges: FlowEdge[]): FlowDefinition =>
  laidOut({ nodes, edges, viewport: { ...DEFAULT_VIEWPORT } });
