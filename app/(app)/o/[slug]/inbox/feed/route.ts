import { NextResponse } from "next/server";
import { inboxFeedSchema } from "@/lib/chatbots/console-action-schemas";
import { requireConsoleMember } from "@/lib/chatbots/console-http";
import { loadInbox } from "@/lib/chatbots/console-inbox";
import { withUser } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/respond";
import { assertSameOriginRequest } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/**
 * The inbox's live feed, polled by the page every 2 s: the list under its filters, the counts, and
 * the open conversation's messages after `after`. Read as the member, under RLS.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    assertSameOriginRequest(request);
    const { slug } = await params;
    const { claims, org } = await requireConsoleMember(slug, ["conversations", "read"]);
    const filters = inboxFeedSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const data = await withUser(claims, (tx) => loadInbox(tx, org.organization.id, filters));
    return NextResponse.json(data, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
