import "server-only";
import type { Endpoint } from "./endpoint";
import { accountEndpoints } from "./resources/account";
import { activityEndpoints } from "./resources/activity";
import { botWriteEndpoints } from "./resources/bot-writes";
import { botEndpoints } from "./resources/bots";
import { commissionWriteEndpoints } from "./resources/commission-writes";
import { commissionEndpoints } from "./resources/commissions";
import { contactEndpoints } from "./resources/contacts";
import { executionEndpoints } from "./resources/executions";
import { memberWriteEndpoints } from "./resources/member-writes";
import { peopleEndpoints } from "./resources/people";
import { workflowEndpoints } from "./resources/workflows";

/** Every REST operation, for the OpenAPI document (the route files serve the same objects). */
export const endpointGroups = {
  account: accountEndpoints,
  activity: activityEndpoints,
  bots: botEndpoints,
  botWrites: botWriteEndpoints,
  commissions: commissionEndpoints,
  commissionWrites: commissionWriteEndpoints,
  contacts: contactEndpoints,
  executions: executionEndpoints,
  people: peopleEndpoints,
  memberWrites: memberWriteEndpoints,
  workflows: workflowEndpoints,
};

export function allEndpoints(): Endpoint[] {
  return Object.values(endpointGroups).flatMap((group) => Object.values(group) as Endpoint[]);
}
