import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { people, memberWrites } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  GET: people.readMember.handler,
  PATCH: memberWrites.updateMember.handler,
  DELETE: memberWrites.removeMember.handler,
});
