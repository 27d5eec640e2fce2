import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { bots, botWrites } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  GET: bots.readBot.handler,
  PATCH: botWrites.updateBot.handler,
  DELETE: botWrites.deleteBot.handler,
});
