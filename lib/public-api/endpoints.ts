import "server-only";
import type { Endpoint } from "./endpoint";
import { accountEndpoints } from "./resources/account";
import { contactEndpoints } from "./resources/contacts";
import { executionEndpoints } from "./resources/executions";

/** Every REST operation, for the OpenAPI document (the route files serve the same objects). */
export const endpointGroups = {
  account: accountEndpoints,
  contacts: contactEndpoints,
  executions: executionEndpoints,
};

export function allEndpoints(): Endpoint[] {
  return Object.values(endpointGroups).flatMap((group) => Object.values(group) as Endpoint[]);
}
