import { aiAgentUi } from "./ai_agent/ui";
import { conditionUi } from "./condition/ui";
import { delayUi } from "./delay/ui";
import { endUi } from "./end/ui";
import { eventUi } from "./event/ui";
import { ghlUi } from "./ghl/ui";
import { httpRequestUi } from "./http_request/ui";
import { loopUi } from "./loop/ui";
import { manualUi } from "./manual/ui";
import { mergeUi } from "./merge/ui";
import { notifyUi } from "./notify/ui";
import type { NodeTypeName } from "./registry";
import { salesSummaryUi } from "./sales_summary/ui";
import { scheduleUi } from "./schedule/ui";
import { sendEmailUi } from "./send_email/ui";
import { setUi } from "./set/ui";
import { switchUi } from "./switch/ui";
import type { NodeUi } from "./ui-types";
import { webhookUi } from "./webhook/ui";

/**
 * The client node-type registry: icons, canvas components and config forms, keyed like the
 * server registry (registry.ts). Typed as a full record, so a type missing its UI fails to compile.
 */
export const nodeUis: Record<NodeTypeName, NodeUi> = {
  manual: manualUi,
  webhook: webhookUi,
  schedule: scheduleUi,
  event: eventUi,
  http_request: httpRequestUi,
  send_email: sendEmailUi,
  notify: notifyUi,
  ai_agent: aiAgentUi,
  ghl: ghlUi,
  sales_summary: salesSummaryUi,
  condition: conditionUi,
  switch: switchUi,
  delay: delayUi,
  loop: loopUi,
  merge: mergeUi,
  set: setUi,
  end: endUi,
};

export function nodeUi(type: string | undefined): NodeUi | undefined {
  return type !== undefined && Object.hasOwn(nodeUis, type) ? nodeUis[type as NodeTypeName] : undefined;
}
