import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { me } = endpointGroups.account;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ GET: me.handler });
