import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { executions } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ POST: executions.rerun.handler });
