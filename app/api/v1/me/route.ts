import { getApiKeyIdentity } from "@/lib/api-keys/api";
import { defineApiKeyRoute } from "@/lib/actions/api-key-route";

/** Who is calling: the key, its creator and its organization. Any valid key may ask. */
export const GET = defineApiKeyRoute({
  handler: ({ key, claims }) => getApiKeyIdentity(key, claims),
});
