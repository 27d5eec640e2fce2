import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { people } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  GET: people.listInvitations.handler,
  POST: people.createInvitation.handler,
});
