import { NextResponse } from "next/server";
import { defineOrgRoute, parseQuery } from "@/lib/actions/session-route";
import { inboxFiltersSchema } from "@/lib/inbox/schemas";
import { loadInbox } from "@/lib/inbox/view";

export const dynamic = "force-dynamic";

/**
 * The inbox's feed, read again by the page whenever the live stream (/api/live) says the
 * organization's conversations changed: the list under its filters, the counts, and the open
 * conversation's messages after `after` with its notes. Read as the member, under RLS.
 */
export const GET = defineOrgRoute({
  permission: ["conversations", "read"],
  handler: async ({ request, tx, claims, organization }) => {
    const filters = parseQuery(request, inboxFiltersSchema, "The filters are not valid.");
    const data = await loadInbox(tx, organization.organization.id, claims.sub, filters);
    return NextResponse.json(data, { headers: { "Cache-Control": "no-store" } });
  },
});
