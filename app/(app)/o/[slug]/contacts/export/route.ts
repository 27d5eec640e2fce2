import { defineOrgRoute } from "@/lib/actions/session-route";
import { contactsToCsv } from "@/lib/contacts/csv";
import { exportContacts } from "@/lib/contacts/queries";
import { contactFiltersFromSearch, EXPORT_MAX_ROWS } from "@/lib/contacts/schemas";

/** The contacts the list's filters match (same query parameters), as CSV, as the member may read them. */
export const GET = defineOrgRoute<{ slug: string }>({
  permission: ["contacts", "read"],
  async handler({ request, params, organization, tx }) {
    const filters = contactFiltersFromSearch(Object.fromEntries(new URL(request.url).searchParams));
    const contacts = await exportContacts(tx, organization.organization.id, filters, EXPORT_MAX_ROWS);
    return new Response(contactsToCsv(contacts), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="contacts-${params.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
});
