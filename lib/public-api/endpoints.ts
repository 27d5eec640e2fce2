import "server-only";
import type { Endpoint } from "./endpoint";
import { accountEndpoints } from "./resources/account";
import { activityEndpoints } from "./resources/activity";
import { botEndpoints } from "./resources/bots";
import { commissionEndpoints } from "./resources/commissions";
import { contactEndpoints } from "./resources/contacts";
import { executionEndpoints } from "./resources/executions";
import { peopleEndpoints } from "./resources/people";
import { workflowEndpoints } from "./resources/workflows";

/** Every REST operation, for the OpenAPI document (the route files serve the same objects). */
export const endpointGroups = {
  account: accountEndpoints,
  activity: activityEndpoints,
  bots: botEndpoints,
  commissions: commissionEndpoints,
  contacts: contactEndpoints,
  executions: executionEndpoints,
  people: peopleEndpoints,
  workflows: workflowEndpoints,
};

export function allEndpoints(): Endpoint[] {
  return Object.values(endpointGroups).flatMap((group) => Object.values(group) as Endpoint[]);
}
