import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { commissionWrites } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  POST: commissionWrites.markPayoutPaid.handler,
});
