import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { read, update, delete: remove } = endpointGroups.contacts;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  GET: read.handler,
  PATCH: update.handler,
  DELETE: remove.handler,
});
