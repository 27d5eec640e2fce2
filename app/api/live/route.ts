import { z } from "zod";
import { defineOrgRoute } from "@/lib/actions/session-route";
import { liveResponse } from "@/lib/inbox/live";

// Each request streams until the client leaves (or its session token expires); never cached.
export const dynamic = "force-dynamic";

const slugSchema = z.string().regex(/^[a-z0-9-]{3,63}$/);

/**
 * GET /api/live?organization=<slug>: server-sent "read again" pings for the signed-in member's
 * bell and the organization's inbox (lib/inbox/live.ts). No content is sent; the stream outlives
 * any one transaction (`transaction: false`).
 */
export const GET = defineOrgRoute({
  permission: null,
  organization: (request) => {
    const slug = slugSchema.safeParse(new URL(request.url).searchParams.get("organization"));
    return slug.success ? slug.data : null;
  },
  transaction: false,
  handler: async ({ request, claims, organization }) =>
    liveResponse(claims, organization, { signal: request.signal }),
});
