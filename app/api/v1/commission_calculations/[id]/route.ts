import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { commissions } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ GET: commissions.readCalculation.handler });
