import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { list, create } = endpointGroups.contacts;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ GET: list.handler, POST: create.handler });
