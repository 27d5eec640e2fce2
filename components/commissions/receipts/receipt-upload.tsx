"use client";

import * as React from "react";
import { FileUp } from "lucide-react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ReceiptView } from "@/lib/commissions/receipt-files";

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const EXTENSIONS = /\.(pdf|png|jpe?g|webp)$/i;
const TYPES = ["application/pdf", "image/png", "image/jpeg", "image/webp"];

/** Why a chosen file cannot be uploaded, checked before sending (the server checks the content again). */
export function receiptFileProblem(file: { name: string; size: number; type: string }, maxBytes: number) {
  if (!EXTENSIONS.test(file.name) && !TYPES.includes(file.type))
    return "Upload a PDF or a photo of the receipt (PNG, JPEG or WebP).";
  if (file.size === 0) return "The file is empty.";
  if (file.size > maxBytes) return `Receipts may be at most ${mb(maxBytes)}; this one is ${mb(file.size)}.`;
  return null;
}

/** Upload a receipt (PDF or photo) for a transaction; reading it starts on the server. */
export function ReceiptUpload({
  slug,
  transactionId,
  maxBytes,
  accept,
  onUploaded,
}: {
  slug: string;
  transactionId: string;
  maxBytes: number;
  accept: string;
  onUploaded: (receipt: ReceiptView) => void;
}) {
  const [file, setFile] = React.useState<File | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [sending, setSending] = React.useState(false);
  const problem = file ? receiptFileProblem(file, maxBytes) : null;

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setError("Choose a file to upload.");
    if (problem) return setError(problem);
    const formElement = event.currentTarget;
    const body = new FormData(formElement);
    body.set("transaction_id", transactionId);
    setSending(true);
    setError(null);
    try {
      const response = await fetch(`/o/${slug}/commissions/receipts`, { method: "POST", body });
      const json = (await response.json().catch(() => null)) as {
        receipt?: ReceiptView;
        error?: { message?: string };
      } | null;
      if (!response.ok || !json?.receipt) {
        setError(json?.error?.message ?? `The upload failed (${response.status}).`);
        return;
      }
      toast.success(
        json.receipt.status === "needs_review"
          ? `Uploaded ${file.name}. Type its amount, date and vendor in.`
          : `Uploaded ${file.name}. It is being read.`,
      );
      setFile(null);
      formElement.reset();
      onUploaded(json.receipt);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      onSubmit={(e) => void upload(e)}
      noValidate
      className="flex flex-col gap-3 rounded-xl border bg-card p-4 shadow-xs"
      aria-label="Upload a receipt"
    >
      {error ? <Alert variant="error">{error}</Alert> : null}
      <div className="flex flex-col gap-3">
        <FormField
          name="file"
          label="Receipt"
          hint={`A PDF or a photo (PNG, JPEG, WebP), up to ${mb(maxBytes)}.`}
          error={problem}
        >
          <Input
            type="file"
            accept={accept}
            className="cursor-pointer file:mr-3 file:font-medium"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setError(null);
            }}
          />
        </FormField>
        <div>
          <Button type="submit" disabled={sending || !file || Boolean(problem)}>
            <FileUp aria-hidden="true" />
            {sending ? "Uploading…" : "Upload receipt"}
          </Button>
        </div>
      </div>
    </form>
  );
}
