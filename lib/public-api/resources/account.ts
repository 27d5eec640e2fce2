import "server-only";
import { z } from "zod";
import { getApiKeyIdentity, getApiOrganization } from "@/lib/api-keys/api";
import { apiIdentitySchema, apiOrganizationSchema } from "@/lib/api-keys/schemas";
import { updateOrganization } from "@/lib/organizations/organizations";
import { organizationNameSchema, slugSchema } from "@/lib/organizations/schema";
import { endpoint } from "../endpoint";

/** Who is calling, and the key's organization. */

const organizationPatchSchema = z.object({
  name: organizationNameSchema.optional().describe("The organization's name."),
  slug: slugSchema
    .optional()
    .describe("Its URL name (lowercase letters, digits and hyphens); the old one stops working at once."),
});

export const accountEndpoints = {
  me: endpoint({
    method: "get",
    path: "/api/v1/me",
    operationId: "getMe",
    summary: "Who is calling: the key, its creator and its organization",
    tag: "Account",
    response: apiIdentitySchema,
    handler: ({ tx, key }) => getApiKeyIdentity(tx, key),
  }),
  organization: endpoint({
    method: "get",
    path: "/api/v1/organization",
    operationId: "getOrganization",
    summary: "The key's organization, its plan, limits and usage",
    tag: "Account",
    permission: ["organizations", "read"],
    response: apiOrganizationSchema,
    responseName: "Organization",
    handler: ({ tx, organizationId }) => getApiOrganization(tx, organizationId),
  }),
  updateOrganization: endpoint({
    method: "patch",
    path: "/api/v1/organization",
    operationId: "updateOrganization",
    summary: "Rename the organization or change its URL name",
    tag: "Account",
    permission: ["organizations", "update"],
    body: organizationPatchSchema,
    response: apiOrganizationSchema,
    handler: async ({ tx, organizationId, body }) => {
      const current = await getApiOrganization(tx, organizationId);
      await updateOrganization(tx, organizationId, {
        name: body.name ?? current.name,
        slug: body.slug ?? current.slug,
      });
      return getApiOrganization(tx, organizationId);
    },
  }),
};
