import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { run } = endpointGroups.executions;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ POST: run.handler });
