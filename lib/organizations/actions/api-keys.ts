"use server";

import { createApiKey, revokeApiKey } from "@/lib/api-keys/keys";
import { requireLiveSession } from "@/lib/auth/session";
import { defineOrgAction } from "@/lib/actions/org-action";
import { apiKeyExpiry, apiKeyIdSchema, createApiKeySchema } from "./schemas";
import { revalidateOrganization } from "@/lib/http/revalidate";

export type CreatedApiKey = { name: string; prefix: string; secret: string };

export const createApiKeyAction = defineOrgAction({
  schema: createApiKeySchema,
  permission: ["api_keys", "create"],
  async handler({ input, claims, org }): Promise<CreatedApiKey> {
    // A key outlives the session that made it: a signed-out session's still-valid token may not mint one.
    await requireLiveSession(claims);
    const key = await createApiKey(claims, org.organization.id, {
      name: input.name,
      permissions: input.permissions,
      expiresAt: apiKeyExpiry(input.expires_in),
    });
    revalidateOrganization(org.organization.slug);
    // The secret leaves the server this once; only its hash is stored.
    return { name: input.name, prefix: key.prefix, secret: key.secret };
  },
});

export const revokeApiKeyAction = defineOrgAction({
  schema: apiKeyIdSchema,
  permission: ["api_keys", "update"],
  async handler({ input, claims, org }) {
    await revokeApiKey(claims, org.organization.id, input.key_id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Key revoked. Requests made with it are refused from now on.",
});
