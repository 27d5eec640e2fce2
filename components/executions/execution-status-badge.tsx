import { Ban, Check, CircleDashed, Clock, LoaderCircle, SkipForward, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import {
  executionStatusLabels,
  stepStatusLabels,
  type ExecutionStatus,
  type StepStatus,
} from "@/lib/executions/format";

type Variant = "secondary" | "default" | "warning" | "success" | "destructive" | "outline";

const executionVariants: Record<ExecutionStatus, Variant> = {
  pending: "secondary",
  running: "default",
  waiting: "warning",
  completed: "success",
  failed: "destructive",
  cancelled: "outline",
};

const stepVariants: Record<StepStatus, Variant> = {
  pending: "outline",
  running: "default",
  waiting: "warning",
  completed: "success",
  failed: "destructive",
  skipped: "secondary",
};

export function StatusIcon({
  status,
  className,
}: {
  status: StepStatus | ExecutionStatus;
  className?: string;
}) {
  const props = { className, "aria-hidden": true } as const;
  switch (status) {
    case "running":
      return <LoaderCircle {...props} className={`${className ?? ""} animate-spin`} />;
    case "completed":
      return <Check {...props} />;
    case "failed":
      return <X {...props} />;
    case "waiting":
      return <Clock {...props} />;
    case "cancelled":
      return <Ban {...props} />;
    case "skipped":
      return <SkipForward {...props} />;
    default:
      return <CircleDashed {...props} />;
  }
}

export function ExecutionStatusBadge({ status }: { status: ExecutionStatus }) {
  return (
    <Badge variant={executionVariants[status]} data-status={status}>
      <StatusIcon status={status} />
      {executionStatusLabels[status]}
    </Badge>
  );
}

export function StepStatusBadge({ status }: { status: StepStatus }) {
  return (
    <Badge variant={stepVariants[status]} data-status={status}>
      <StatusIcon status={status} />
      {stepStatusLabels[status]}
    </Badge>
  );
}
