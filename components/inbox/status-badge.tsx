import { Badge } from "@/components/ui/badge";
import type { InboxSession } from "@/lib/inbox/view";

export type InboxPermissions = { reply: boolean; update: boolean; manageCanned: boolean };

export const statusLabels = {
  open: "Open",
  pending: "Pending",
  snoozed: "Snoozed",
  resolved: "Resolved",
} as const;

export function StatusBadge({ status }: { status: InboxSession["inboxStatus"] }) {
  const variant = {
    open: "warning",
    pending: "default",
    snoozed: "secondary",
    resolved: "secondary",
  } as const;
  return <Badge variant={variant[status]}>{statusLabels[status]}</Badge>;
}
