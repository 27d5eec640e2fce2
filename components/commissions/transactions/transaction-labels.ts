/** How the transactions page names a sale's source, and the statuses it filters on. */
export const SOURCES = {
  ghl_invoice: "GHL invoice",
  ghl_order: "GHL order",
  ghl_opportunity: "GHL opportunity",
  manual: "Entered by hand",
  csv: "CSV import",
} as const;
export const STATUSES = ["paid", "partially_refunded", "refunded"] as const;
