import { getApiOrganization } from "@/lib/api-keys/api";
import { defineApiKeyRoute } from "@/lib/actions/api-key-route";

/** The key's organization, its plan and limits. Needs organizations:read. */
export const GET = defineApiKeyRoute({
  permission: ["organizations", "read"],
  handler: ({ key, claims }) => getApiOrganization(key, claims),
});
