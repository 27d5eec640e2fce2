import { defineOrgRoute, parseQuery } from "@/lib/actions/session-route";
import { payoutsCsv, payoutsExportQuerySchema } from "@/lib/commissions/payouts";

/** The payroll CSV of a month's payouts (?month=YYYY-MM[&status=approved|paid]), as the member may read them. */
export const GET = defineOrgRoute({
  permission: ["payouts", "read"],
  handler: async ({ request, params, tx, organization }) => {
    const { month, status } = parseQuery(request, payoutsExportQuerySchema, "Give the month as YYYY-MM.");
    const csv = await payoutsCsv(tx, organization.organization.id, month, status);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="payouts-${params.slug}-${month.slice(0, 7)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
});
