import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { bots } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ GET: bots.readBot.handler });
