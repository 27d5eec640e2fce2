import type { Tx } from "@/lib/db/client";
import { nodeConfig, parseFlow, type FlowDefinition, type FlowNode } from "./definition";

/**
 * Parsed flows per bot, so a conversation turn neither transfers nor re-validates the flow's JSON.
 * A flow's stamp is its draft version and publication time: the turn's query sends the stamp it
 * has, and the database sends the definition only when it changed (`flowColumns` / `flowFrom`).
 * Per process and bounded; every turn still reads the stamp, so an edit is seen at once by every
 * server instance.
 */

const LIMIT = 500;
const flows = new Map<string, { stamp: string; flow: FlowDefinition }>();
const configs = new WeakMap<FlowNode, Record<string, unknown> | null>();

const keyOf = (botId: string, useDraft: boolean) => `${botId}:${useDraft ? "draft" : "published"}`;

/** What the `chatbot_workflows w` row gives a turn: `flow_stamp` and, when stale, `flow_definition`. */
export function flowColumns(tx: Tx, botId: string, useDraft: boolean) {
  const known = flows.get(keyOf(botId, useDraft))?.stamp ?? null;
  const stamp = tx`(w.version::text || ':' || coalesce(extract(epoch from w.published_at)::text, '-'))`;
  const definition = useDraft ? tx`w.definition` : tx`coalesce(w.published_definition, w.definition)`;
  return tx`${stamp} as flow_stamp,
            case when ${stamp} = ${known}::text then null else ${definition} end as flow_definition`;
}

export type FlowColumns = { flow_stamp: string | null; flow_definition: unknown };

/**
 * The flow from a row selected with `flowColumns`, or null when the cache moved on between the
 * query and now (another turn stored a newer stamp): the caller then reads the definition.
 */
export function flowFrom(botId: string, useDraft: boolean, row: FlowColumns): FlowDefinition | null {
  if (row.flow_stamp === null) return parseFlow(null); // the bot has no flow row yet
  const key = keyOf(botId, useDraft);
  const cached = flows.get(key);
  if (row.flow_definition === null || row.flow_definition === undefined)
    return cached?.stamp === row.flow_stamp ? cached.flow : null;
  const flow = parseFlow(row.flow_definition);
  flows.delete(key);
  flows.set(key, { stamp: row.flow_stamp, flow });
  if (flows.size > LIMIT) flows.delete(flows.keys().next().value!);
  return flow;
}

/** A cached flow's node config (validated once per node object; see nodeConfig). */
export function cachedNodeConfig(node: FlowNode): Record<string, unknown> | null {
  let config = configs.get(node);
  if (config === undefined) {
    config = nodeConfig<Record<string, unknown>>(node);
    configs.set(node, config);
  }
  return config;
}
