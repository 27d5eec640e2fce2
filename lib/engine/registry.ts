import { StepError } from "@/lib/engine/policy";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import { aiAgent } from "./executors/ai";
import { ghl } from "./executors/ghl";
import { httpRequest } from "./executors/http";
import { condition, delay, end, loop, merge, set, switchStep, trigger } from "./executors/logic";
import { notify, sendEmail } from "./executors/messaging";
import { salesSummary } from "./executors/sales";
import type { EngineExecutor, EngineNodeType } from "./types";

/**
 * The engine's side of the node-type registry: for each type of lib/workflows/nodes, how it runs.
 * Executors live here rather than in the node folders because they use server-only modules
 * (node:http, the database, mail) and the node folders are imported by the browser builder too.
 * Each step's rendered config is validated with the node type's own config schema first.
 */

const executors: Record<string, { run: EngineExecutor; strict?: readonly string[] }> = {
  manual: { run: trigger },
  webhook: { run: trigger },
  schedule: { run: trigger },
  event: { run: trigger },
  http_request: { run: httpRequest, strict: ["url"] },
  send_email: { run: sendEmail, strict: ["to"] },
  notify: { run: notify },
  ai_agent: { run: aiAgent },
  ghl: { run: ghl },
  sales_summary: { run: salesSummary },
  condition: { run: condition },
  switch: { run: switchStep },
  delay: { run: delay },
  loop: { run: loop },
  set: { run: set },
  merge: { run: merge },
  end: { run: end },
};

const cache = new Map<string, EngineNodeType | undefined>();

export function engineNodeType(type: string): EngineNodeType | undefined {
  if (cache.has(type)) return cache.get(type);
  const definition = getNodeType(type);
  const entry = executors[type];
  const resolved: EngineNodeType | undefined =
    definition && entry
      ? {
          trigger: definition.category === "trigger",
          sideEffects: definition.externalEffects ?? false,
          loopBodyHandle: definition.loopBodyHandle,
          join: definition.joinsBranches ?? false,
          strictFields: entry.strict,
          executor: entry.run,
          parse: (raw) => {
            if (definition.category === "trigger") return raw;
            const parsed = definition.configSchema.safeParse(raw);
            if (!parsed.success) {
              const problems = parsed.error.issues
                .map((i) => `${i.path.join(".") || "config"}: ${i.message}`)
                .join("; ");
              throw new StepError(`The step's settings are not valid: ${problems}`);
            }
            return parsed.data;
          },
        }
      : undefined;
  cache.set(type, resolved);
  return resolved;
}

export const ENGINE_NODE_TYPES = Object.keys(executors);
