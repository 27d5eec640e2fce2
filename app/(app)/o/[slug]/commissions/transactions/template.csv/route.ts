import { defineSameOriginRoute } from "@/lib/actions/session-route";
import { TRANSACTIONS_CSV_COLUMNS } from "@/lib/commissions/transactions";
import { toCsvLine } from "@/lib/utils/csv";

/**
 * The CSV template for importing transactions: the header line and two example rows.
 * Like every route under the signed-in area, nothing is served to another site's requests.
 */
export const GET = defineSameOriginRoute(() => {
  const body = [
    toCsvLine(TRANSACTIONS_CSV_COLUMNS),
    toCsvLine(["INV-1001", "12000.00", "USD", "2026-03-15", "ana@example.com", "Annual plan", ""]),
    toCsvLine(["INV-1002", "850", "USD", "2026-03-18", "ghl_user_123", "", "opp_42"]),
  ].join("\r\n");
  return new Response(`${body}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="transactions-template.csv"',
      "Cache-Control": "public, max-age=3600",
    },
  });
});
