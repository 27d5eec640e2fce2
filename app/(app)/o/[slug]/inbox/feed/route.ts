import { NextResponse } from "next/server";
import { defineOrgRoute, parseQuery } from "@/lib/actions/session-route";
import { inboxFeedSchema } from "@/lib/chatbots/console-action-schemas";
import { loadInbox } from "@/lib/chatbots/console-inbox";

export const dynamic = "force-dynamic";

/**
 * The inbox's live feed, polled by the page every 2 s: the list under its filters, the counts, and
 * the open conversation's messages after `after`. Read as the member, under RLS.
 */
export const GET = defineOrgRoute({
  permission: ["conversations", "read"],
  handler: async ({ request, tx, organization }) => {
    const filters = parseQuery(request, inboxFeedSchema, "The filters are not valid.");
    const data = await loadInbox(tx, organization.organization.id, filters);
    return NextResponse.json(data, { headers: { "Cache-Control": "no-store" } });
  },
});
