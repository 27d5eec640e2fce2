import { Badge } from "@/components/ui/badge";
import type { ReceiptStatus } from "@/lib/commissions/receipt-files";

const STATUS: Record<
  ReceiptStatus,
  { label: string; variant: "default" | "secondary" | "outline" | "success" | "warning" | "destructive" }
> = {
  pending: { label: "Waiting to be read", variant: "secondary" },
  processing: { label: "Reading…", variant: "default" },
  extracted: { label: "Read by AI", variant: "success" },
  needs_review: { label: "Needs review", variant: "warning" },
  typed: { label: "Entered by hand", variant: "success" },
  failed: { label: "Could not be read", variant: "destructive" },
};

/** The state of a receipt's reading, in words (not colour alone). */
export function ReceiptStatusBadge({ status }: { status: ReceiptStatus }) {
  const s = STATUS[status];
  return (
    <Badge variant={s.variant} data-receipt-status={status}>
      {s.label}
    </Badge>
  );
}

export const isWorking = (status: ReceiptStatus) => status === "pending" || status === "processing";
