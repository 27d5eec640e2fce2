import { Badge } from "@/components/ui/badge";
import { workflowStatusLabels, type WorkflowStatus } from "@/lib/workflows/status";

const variants = {
  draft: "secondary",
  active: "success",
  paused: "warning",
  archived: "outline",
} as const satisfies Record<WorkflowStatus, "secondary" | "success" | "warning" | "outline">;

export function WorkflowStatusBadge({ status }: { status: WorkflowStatus }) {
  return <Badge variant={variants[status]}>{workflowStatusLabels[status]}</Badge>;
}
