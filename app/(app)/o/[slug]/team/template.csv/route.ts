import { defineSameOriginRoute } from "@/lib/actions/session-route";
import { CSV_COLUMNS } from "@/lib/organizations/team-members";
import { toCsvLine } from "@/lib/utils/csv";

/**
 * The CSV template for importing team members: the header line and two example rows.
 * Like every route under the signed-in area, nothing is served to another site's requests.
 */
export const GET = defineSameOriginRoute(() => {
  const body = [
    toCsvLine(CSV_COLUMNS),
    toCsvLine(["Ana Lima", "ana@example.com", "ghl_user_123", "sales", "percentage", "10"]),
    toCsvLine(["Bo Diaz", "", "", "support", "flat", "25"]),
  ].join("\r\n");
  return new Response(`${body}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="team-members-template.csv"',
      "Cache-Control": "public, max-age=3600",
    },
  });
});
