import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { read } = endpointGroups.executions;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ GET: read.handler });
