import { apiMethods } from "@/lib/actions/api-key-route";
import { endpointGroups } from "@/lib/public-api/endpoints";

const { activity } = endpointGroups;
export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ POST: activity.readAllNotifications.handler });
