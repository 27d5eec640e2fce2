import { Badge } from "@/components/ui/badge";

const variants: Record<string, "default" | "secondary" | "outline" | "success" | "warning" | "destructive"> =
  {
    pending: "warning",
    approved: "default",
    rejected: "destructive",
    paid: "success",
    clawed_back: "secondary",
    draft: "outline",
    refunded: "destructive",
    partially_refunded: "warning",
  };

const labels: Record<string, string> = { clawed_back: "clawed back", partially_refunded: "partly refunded" };

/** The status of a commission line, payout or transaction, as a badge with words (not colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={variants[status] ?? "outline"}>{labels[status] ?? status}</Badge>;
}
