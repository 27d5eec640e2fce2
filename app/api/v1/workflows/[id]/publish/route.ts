import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { workflows } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ POST: workflows.publish.handler });
