"use client";

import * as React from "react";
import { ReceiptText } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import type { ReceiptView } from "@/lib/commissions/receipt-files";
import { ReceiptCard } from "./receipt-card";
import { isWorking } from "./receipt-status";
import { ReceiptUpload } from "./receipt-upload";

const POLL_MS = 2000;

/**
 * The receipts of a transaction: upload, the list with each one's reading status (polled every
 * 2 s while one is being read, only while the tab is visible), view, download, correct, delete.
 */
export function ReceiptsPanel({
  slug,
  transactionId,
  initial,
  defaultCurrency,
  maxBytes,
  accept,
  canCreate,
  canUpdate,
  canDelete,
}: {
  slug: string;
  transactionId: string;
  initial: ReceiptView[];
  defaultCurrency: string;
  maxBytes: number;
  accept: string;
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
}) {
  const [receipts, setReceipts] = React.useState(initial);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);

  const reload = React.useCallback(async () => {
    setLoading(true);
    try {
      const response = await fetch(
        `/o/${slug}/commissions/receipts?transaction=${encodeURIComponent(transactionId)}`,
        { cache: "no-store" },
      );
      const json = (await response.json().catch(() => null)) as {
        receipts?: ReceiptView[];
        error?: { message?: string };
      } | null;
      if (!response.ok || !json?.receipts) {
        setLoadError(json?.error?.message ?? `The receipts could not be loaded (${response.status}).`);
        return;
      }
      setReceipts(json.receipts);
      setLoadError(null);
    } catch {
      setLoadError("Could not reach the server to refresh the receipts. Retrying…");
    } finally {
      setLoading(false);
    }
  }, [slug, transactionId]);

  const working = receipts.some((r) => isWorking(r.status));
  React.useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (!document.hidden) void reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [working, reload]);

  return (
    <section aria-labelledby="receipts-heading" className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h2 id="receipts-heading" className="text-lg font-semibold">
          Receipts
        </h2>
        <p className="text-sm text-muted-foreground">
          Receipts and invoices for this sale. The amount, date and vendor are read from each one when an AI
          provider is configured; you can always type them in or correct them.
        </p>
      </div>
      {canCreate ? (
        <ReceiptUpload
          slug={slug}
          transactionId={transactionId}
          maxBytes={maxBytes}
          accept={accept}
          onUploaded={(receipt) => {
            setReceipts((list) => [receipt, ...list.filter((r) => r.id !== receipt.id)]);
            void reload();
          }}
        />
      ) : null}
      {loadError ? (
        <Alert variant="error" role="alert">
          {loadError}
        </Alert>
      ) : null}
      {receipts.length === 0 ? (
        <EmptyState
          icon={ReceiptText}
          title="No receipts yet"
          description={
            canCreate
              ? "Upload a PDF or a photo of the receipt for this sale."
              : "Nobody has uploaded a receipt for this sale."
          }
        />
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Receipts" aria-busy={loading}>
          {receipts.map((receipt) => (
            <ReceiptCard
              key={receipt.id}
              slug={slug}
              receipt={receipt}
              defaultCurrency={defaultCurrency}
              canUpdate={canUpdate}
              canDelete={canDelete}
              onChanged={() => void reload()}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
