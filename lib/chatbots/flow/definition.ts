import { z } from "zod";
import {
  canonicalDefinition,
  DEFAULT_VIEWPORT,
  definitionForEditor,
  edgeId,
  workflowDefinitionSchema,
  type WorkflowDefinition,
} from "@/lib/workflows/definition";
import type { Problem } from "@/lib/workflows/graph";
import { layoutGraph } from "@/lib/workflows/layout";
import { getChatbotNodeType } from "./nodes";

/**
 * THE API THE CHATBOT CONSOLE USES for bot flows: a flow is the same React Flow shape as a
 * workflow (`{nodes, edges, viewport}`, lib/workflows/definition.ts), with the chatbot node types
 * of ./nodes.ts. `validateFlow` lists problems for the canvas and refuses publishing with errors;
 * `starterFlow` is what a new bot gets.
 */

export const flowDefinitionSchema = workflowDefinitionSchema;
export type FlowDefinition = WorkflowDefinition;
export type FlowNode = FlowDefinition["nodes"][number];
export type FlowEdge = FlowDefinition["edges"][number];
export { canonicalDefinition as canonicalFlow };

/**
 * Reads a stored definition; an unreadable one becomes an empty flow (the runtime then answers
 * from the knowledge base). Step configs nested deeper than the input cap are trimmed
 * (definitionForEditor), so neither the editor nor the runtime walks them.
 */
export function parseFlow(value: unknown): FlowDefinition {
  return readFlow(value).definition;
}

/** parseFlow, also saying which steps had their config trimmed. */
export function readFlow(value: unknown): { definition: FlowDefinition; trimmedSteps: string[] } {
  const parsed = flowDefinitionSchema.safeParse(value);
  if (!parsed.success)
    return { definition: { nodes: [], edges: [], viewport: { ...DEFAULT_VIEWPORT } }, trimmedSteps: [] };
  return definitionForEditor(parsed.data);
}

/** A node's config with the type's defaults filled in, or null when it is not valid. */
export function nodeConfig<T = Record<string, unknown>>(node: Pick<FlowNode, "type" | "data">): T | null {
  const def = getChatbotNodeType(node.type);
  if (!def) return null;
  const parsed = (def.configSchema as z.ZodType).safeParse({
    ...(def.defaults as object),
    ...node.data.config,
  });
  return parsed.success ? (parsed.data as T) : null;
}

/** The flow's (first) "Answer from knowledge base" step: its settings are the bot's answer settings. */
export function answerNode(flow: Pick<FlowDefinition, "nodes">): FlowNode | undefined {
  return flow.nodes.find((n) => n.type === "knowledge_answer");
}

export function validateFlow(flow: Pick<FlowDefinition, "nodes" | "edges">): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  const starts = flow.nodes.filter((n) => n.type === "start");
  if (starts.length === 0)
    problems.push({ severity: "error", kind: "incomplete", message: "Add a “Conversation starts” step." });
  if (starts.length > 1)
    problems.push({ severity: "error", message: "A flow has one “Conversation starts” step." });
  const variables = new Set<string>();
  for (const node of flow.nodes) {
    if (ids.has(node.id))
      problems.push({ severity: "error", message: `Two steps share the id ${node.id}.`, nodeId: node.id });
    ids.add(node.id);
    const def = getChatbotNodeType(node.type);
    if (!def) {
      problems.push({ severity: "error", message: `Unknown step type “${node.type}”.`, nodeId: node.id });
      continue;
    }
    const parsed = (def.configSchema as z.ZodType).safeParse({
      ...(def.defaults as object),
      ...node.data.config,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          severity: "error",
          kind: "incomplete",
          message: issue.message,
          nodeId: node.id,
          field: issue.path.join("."),
        });
    } else if (node.type === "ask") {
      variables.add(String((parsed.data as { variable: string }).variable));
    }
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const edge of flow.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    const id = edge.id ?? edgeId(edge);
    if (!source || !target) {
      problems.push({
        severity: "error",
        message: "A connection points at a step that does not exist.",
        edgeId: id,
      });
      continue;
    }
    const outputs = getChatbotNodeType(source.type)?.outputs(source.data.config) ?? [];
    if (!outputs.some((h) => h.id === edge.sourceHandle))
      problems.push({
        severity: "error",
        message: `Step ${source.id} has no output “${edge.sourceHandle}”.`,
        edgeId: id,
      });
    if (!(getChatbotNodeType(target.type)?.inputs ?? []).some((h) => h.id === edge.targetHandle))
      problems.push({
        severity: "error",
        message: `Step ${target.id} takes no input “${edge.targetHandle}”.`,
        edgeId: id,
      });
  }
  for (const node of flow.nodes) {
    if (node.type === "start") continue;
    if (!flow.edges.some((e) => e.target === node.id))
      problems.push({
        severity: "warning",
        kind: "incomplete",
        message: "No step leads here.",
        nodeId: node.id,
      });
    if (node.type === "condition") {
      const variable = String(node.data.config.variable ?? "");
      if (variable && !variables.has(variable))
        problems.push({
          severity: "warning",
          message: `No question stores an answer in “${variable}”.`,
          nodeId: node.id,
          field: "variable",
        });
    }
  }
  return problems;
}

export function hasFlowErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

function node(id: string, type: string, x: number, y: number, config: Record<string, unknown>): FlowNode {
  return { id, type, position: { x, y }, data: { config } };
}

function edge(source: string, sourceHandle: string, target: string): FlowEdge {
  const e = { source, sourceHandle, target, targetHandle: "in" };
  return { id: edgeId(e), ...e };
}

/**
 * The flow a new bot starts with: answer questions from the knowledge base; when one cannot be
 * answered, offer to collect an email so the team can follow up. The offer lets the visitor ask
 * something else instead (it is answered, and the offer stands). The answer threshold is left to
 * the default (DEFAULT_MIN_CONFIDENCE), so a better default reaches bots that never chose one.
 */
export const STARTER_OFFER =
  "I could not find that. Leave your email and our team will get back to you, or ask me something else.";

export function starterFlow(): FlowDefinition {
  return laidOut({
    nodes: [
      node("start_1", "start", 0, 0, {}),
      node("knowledge_answer_1", "knowledge_answer", 0, 140, {
        prompt: "Ask me anything about our products and services.",
        question_variable: "",
        max_sources: 3,
      }),
      node("ask_1", "ask", 0, 300, {
        question: STARTER_OFFER,
        kind: "email",
        variable: "email",
        choices: [],
        retry_message: "That does not look like an email address. Please check it and try again.",
        max_attempts: 3,
        allow_other_questions: true,
      }),
      node("collect_lead_1", "collect_lead", 0, 460, {
        email_variable: "email",
        first_name_variable: "",
        last_name_variable: "",
        phone_variable: "",
        company_variable: "",
        tags: ["chatbot"],
      }),
      node("goal_1", "goal", 0, 620, { name: "Lead captured", message: "Thanks! We will be in touch soon." }),
    ],
    edges: [
      edge("start_1", "out", "knowledge_answer_1"),
      edge("knowledge_answer_1", "unanswered", "ask_1"),
      edge("ask_1", "out", "collect_lead_1"),
      edge("collect_lead_1", "out", "goal_1"),
    ],
    viewport: { ...DEFAULT_VIEWPORT },
  });
}

/** The size a step is laid out at: the canvas card with a two-line summary, so none overlap. */
export const FLOW_NODE_SIZE = { width: 260, height: 130 };

/**
 * The flow with every step placed by the builder's auto-layout (dagre, left to right in the order
 * steps run, each branch on its own row): what the offered flows are created with, so edges run
 * from one step's right-hand handle to the next step's left-hand one, never back over a card.
 */
export function laidOut(flow: FlowDefinition): FlowDefinition {
  const positions = layoutGraph({
    nodes: flow.nodes.map((n) => ({ id: n.id, size: FLOW_NODE_SIZE })),
    edges: flow.edges,
  });
  return { ...flow, nodes: flow.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}
