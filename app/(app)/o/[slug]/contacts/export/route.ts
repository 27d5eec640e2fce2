import { requireConsoleMember } from "@/lib/chatbots/console-http";
import { contactsToCsv } from "@/lib/contacts/csv";
import { exportContacts } from "@/lib/contacts/queries";
import { contactFiltersFromSearch, EXPORT_MAX_ROWS } from "@/lib/contacts/schemas";
import { withUser } from "@/lib/db/client";
import { assertSameOriginRequest } from "@/lib/http/origin";
import { errorResponse } from "@/lib/http/respond";

/** The contacts the list's filters match (same query parameters), as CSV, as the member may read them. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    assertSameOriginRequest(request);
    const { slug } = await params;
    const { claims, org } = await requireConsoleMember(slug, ["contacts", "read"]);
    const filters = contactFiltersFromSearch(Object.fromEntries(new URL(request.url).searchParams));
    const contacts = await withUser(claims, (tx) =>
      exportContacts(tx, org.organization.id, filters, EXPORT_MAX_ROWS),
    );
    return new Response(contactsToCsv(contacts), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="contacts-${slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
