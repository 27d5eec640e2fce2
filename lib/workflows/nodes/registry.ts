import { aiAgentNode } from "./ai_agent";
import { conditionNode } from "./condition";
import { delayNode } from "./delay";
import { endNode } from "./end";
import { eventNode } from "./event";
import { ghlNode } from "./ghl";
import { httpRequestNode } from "./http_request";
import { loopNode } from "./loop";
import { manualNode } from "./manual";
import { mergeNode } from "./merge";
import { notifyNode } from "./notify";
import { salesSummaryNode } from "./sales_summary";
import { scheduleNode } from "./schedule";
import { sendEmailNode } from "./send_email";
import { setNode } from "./set";
import { switchNode } from "./switch";
import { hasStepSettings, withErrorOutput } from "./step-settings";
import type { NodeTypeDefinition } from "./types";
import { webhookNode } from "./webhook";

/**
 * The server-safe node-type registry: schemas, handles and outputs, no React. The validators,
 * the data layer and the engine import this; the builder adds the UI half (client-registry.ts).
 * Adding a node type is adding a folder and one line here (and one in the client registry).
 */
export const nodeTypes = [
  manualNode,
  webhookNode,
  scheduleNode,
  eventNode,
  httpRequestNode,
  sendEmailNode,
  notifyNode,
  aiAgentNode,
  ghlNode,
  salesSummaryNode,
  conditionNode,
  switchNode,
  delayNode,
  loopNode,
  mergeNode,
  setNode,
  endNode,
] as const satisfies readonly NodeTypeDefinition[];

export type NodeTypeName = (typeof nodeTypes)[number]["type"];

/** Action steps get an "On error" output when their failures take a branch (step-settings.ts). */
function withStepSettings(type: NodeTypeDefinition): NodeTypeDefinition {
  if (!hasStepSettings(type.category)) return type;
  const outputs = type.outputs;
  return { ...type, outputs: (config) => withErrorOutput(outputs(config), config) };
}

/** The node types as the builder and the engine use them, in palette order. */
export const workflowNodeTypes: readonly NodeTypeDefinition[] = nodeTypes.map((t) =>
  withStepSettings(t as NodeTypeDefinition),
);

const byType = new Map<string, NodeTypeDefinition>(workflowNodeTypes.map((t) => [t.type, t]));

export function getNodeType(type: string | undefined): NodeTypeDefinition | undefined {
  return type === undefined ? undefined : byType.get(type);
}

export const TRIGGER_TYPES: readonly string[] = nodeTypes
  .filter((t) => t.category === "trigger")
  .map((t) => t.type);

export function isTriggerType(type: string | undefined): boolean {
  return getNodeType(type)?.category === "trigger";
}
