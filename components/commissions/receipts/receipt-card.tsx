"use client";

import * as React from "react";
import { Download, ExternalLink, FileText, Pencil, RotateCcw, Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { useToastAction } from "@/components/forms/use-toast-action";
import { HiddenFields } from "@/components/forms/use-toast-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  correctReceiptAction,
  deleteReceiptAction,
  retryReceiptAction,
} from "@/lib/commissions/actions/receipts";
import { formatMinor, minorToMajor } from "@/lib/commissions/money";
import type { ReceiptView } from "@/lib/commissions/receipt-files";
import { isWorking, ReceiptStatusBadge } from "./receipt-status";

function size(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** One receipt: its file (preview, view, download), what was read from it, and what one may do. */
export function ReceiptCard({
  slug,
  receipt,
  defaultCurrency,
  canUpdate,
  canDelete,
  onChanged,
}: {
  slug: string;
  receipt: ReceiptView;
  defaultCurrency: string;
  canUpdate: boolean;
  canDelete: boolean;
  /** After an edit, retry or delete: the panel reloads its list. */
  onChanged: () => void;
}) {
  const fileUrl = `/o/${slug}/commissions/receipts/${receipt.id}/file`;
  const name = receipt.fileName ?? "Receipt";
  const image = receipt.contentType?.startsWith("image/") ?? false;
  const working = isWorking(receipt.status);
  return (
    <li
      className="flex flex-col gap-3 rounded-xl border bg-card p-4 shadow-xs sm:flex-row"
      data-receipt-id={receipt.id}
      aria-busy={working}
    >
      <div className="flex size-20 shrink-0 items-center justify-center overflow-hidden rounded-lg border bg-muted">
        {image && receipt.hasFile ? (
          // A member-only file from our own route: next/image's optimizer would not carry the session.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={fileUrl} alt={`Receipt ${name}`} className="size-full object-cover" loading="lazy" />
        ) : (
          <FileText className="size-8 text-muted-foreground" aria-hidden="true" />
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <p className="min-w-0 font-medium break-all">{name}</p>
          <ReceiptStatusBadge status={receipt.status} />
        </div>
        <p className="text-xs text-muted-foreground">
          {[
            receipt.contentType === "application/pdf"
              ? "PDF"
              : receipt.contentType?.replace("image/", "").toUpperCase(),
            size(receipt.sizeBytes),
            `uploaded ${receipt.createdAt.slice(0, 10)}`,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {working ? (
          <p role="status" className="text-sm text-muted-foreground">
            Reading the amount, date and vendor…
          </p>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
            <dt className="text-muted-foreground">Amount</dt>
            <dd className="tabular-nums">
              {receipt.amountMinor !== null && receipt.currency
                ? formatMinor(BigInt(receipt.amountMinor), receipt.currency)
                : "—"}
            </dd>
            <dt className="text-muted-foreground">Date</dt>
            <dd className="tabular-nums">{receipt.date ?? "—"}</dd>
            <dt className="text-muted-foreground">Vendor</dt>
            <dd className="break-words sm:col-span-3">{receipt.vendor ?? "—"}</dd>
          </dl>
        )}
        {receipt.error && !working ? (
          <p
            className={
              receipt.status === "failed" ? "text-sm text-destructive" : "text-sm text-muted-foreground"
            }
          >
            {receipt.error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-1">
          {receipt.hasFile ? (
            <>
              <Button asChild variant="ghost" size="sm">
                <a href={fileUrl} target="_blank" rel="noopener">
                  <ExternalLink aria-hidden="true" />
                  View
                  <span className="sr-only"> {name} (opens in a new tab)</span>
                </a>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <a href={`${fileUrl}?download=1`} download={name}>
                  <Download aria-hidden="true" />
                  Download
                  <span className="sr-only"> {name}</span>
                </a>
              </Button>
            </>
          ) : null}
          {canUpdate ? (
            <EditReceiptButton
              slug={slug}
              receipt={receipt}
              defaultCurrency={defaultCurrency}
              onSaved={onChanged}
            />
          ) : null}
          {canUpdate &&
          (receipt.status === "failed" || receipt.status === "needs_review") &&
          receipt.hasFile ? (
            <RetryButton slug={slug} receipt={receipt} onRetried={onChanged} />
          ) : null}
          {canDelete ? (
            <ActionDialogButton
              trigger={{
                variant: "ghost-destructive",
                size: "sm",
                children: (
                  <>
                    <Trash2 aria-hidden="true" />
                    Delete
                    <span className="sr-only"> {name}</span>
                  </>
                ),
              }}
              title={`Delete ${name}?`}
              description="The receipt, its file and what was read from it are deleted. This cannot be undone."
              action={deleteReceiptAction}
              fields={{ organization: slug, id: receipt.id }}
              submitLabel="Delete receipt"
              pendingLabel="Deleting…"
              variant="destructive"
              onSuccess={onChanged}
            />
          ) : null}
        </div>
      </div>
    </li>
  );
}

function EditReceiptButton({
  slug,
  receipt,
  defaultCurrency,
  onSaved,
}: {
  slug: string;
  receipt: ReceiptView;
  defaultCurrency: string;
  onSaved: () => void;
}) {
  const currency = receipt.currency ?? defaultCurrency;
  const typing = receipt.amountMinor === null && receipt.vendor === null;
  return (
    <ActionDialogButton
      trigger={{
        variant: "ghost",
        size: "sm",
        children: (
          <>
            <Pencil aria-hidden="true" />
            {typing ? "Type in" : "Edit"}
            <span className="sr-only"> the values of {receipt.fileName ?? "the receipt"}</span>
          </>
        ),
      }}
      className="max-w-md"
      title={typing ? "Type in the receipt" : "Correct the receipt"}
      description="What the receipt says. Your values replace what was read from it."
      action={correctReceiptAction}
      fields={{ organization: slug, id: receipt.id }}
      submitLabel="Save"
      pendingLabel="Saving…"
      onSuccess={onSaved}
    >
      {(form) => (
        <>
          <div className="grid grid-cols-[1fr_6rem] gap-4">
            <FormField
              name="amount"
              label="Total"
              error={form.fieldError("amount")}
              required
              hint="E.g. 45.50"
            >
              <Input
                inputMode="decimal"
                autoComplete="off"
                defaultValue={form.value(
                  "amount",
                  receipt.amountMinor !== null ? minorToMajor(receipt.amountMinor, currency) : "",
                )}
              />
            </FormField>
            <FormField name="currency" label="Currency" error={form.fieldError("currency")} required>
              <Input maxLength={3} className="uppercase" defaultValue={form.value("currency", currency)} />
            </FormField>
          </div>
          <FormField name="date" label="Date" error={form.fieldError("date")} required>
            <Input type="date" defaultValue={form.value("date", receipt.date ?? "")} />
          </FormField>
          <FormField name="vendor" label="Vendor" error={form.fieldError("vendor")} required>
            <Input
              maxLength={255}
              autoComplete="off"
              defaultValue={form.value("vendor", receipt.vendor ?? "")}
            />
          </FormField>
        </>
      )}
    </ActionDialogButton>
  );
}

function RetryButton({
  slug,
  receipt,
  onRetried,
}: {
  slug: string;
  receipt: ReceiptView;
  onRetried: () => void;
}) {
  const toasting = useToastAction(retryReceiptAction, { toastErrors: true, onSuccess: onRetried });
  const [, formAction] = React.useActionState(toasting, null);
  return (
    <form action={formAction} className="contents">
      <HiddenFields fields={{ organization: slug, id: receipt.id }} />
      <SubmitButton variant="ghost" size="sm" pendingLabel="Queuing…">
        <RotateCcw aria-hidden="true" />
        Read again
        <span className="sr-only"> {receipt.fileName ?? "the receipt"}</span>
      </SubmitButton>
    </form>
  );
}
