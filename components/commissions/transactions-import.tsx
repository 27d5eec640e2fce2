"use client";

import { CsvImportCard } from "@/components/forms/csv-import";
import { importTransactionsAction } from "@/lib/commissions/actions";

/** Import transactions from CSV: good rows are recorded, each bad one listed with its line and why. */
export function TransactionsImport({ slug }: { slug: string }) {
  return (
    <CsvImportCard
      slug={slug}
      action={importTransactionsAction}
      noun={["transaction", "transactions"]}
      description={
        <>
          Header line: external_id, amount, currency, paid_at (YYYY-MM-DD), rep (a team member&apos;s email,
          GHL user id or name), description, opportunity_id. Rows already imported (same external_id) are
          skipped.
        </>
      }
      placeholder={"external_id,amount,currency,paid_at,rep\nINV-1001,12000,USD,2026-03-15,ana@example.com"}
      templateHref={`/o/${slug}/commissions/transactions/template.csv`}
    />
  );
}
