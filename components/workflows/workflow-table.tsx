import Link from "next/link";
import { SearchX, Workflow as WorkflowIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusIcon } from "@/components/executions/execution-status-badge";
import { executionStatusLabels, type ExecutionStatus } from "@/lib/executions/format";
import { cn } from "@/lib/utils/cn";
import type { WorkflowSummary } from "@/lib/workflows/workflows";
import { WorkflowStatusBadge } from "./status-badge";
import { TriggerLabel } from "./trigger-label";
import { WorkflowRowActions } from "./workflow-row-actions";

const lastRunColor: Record<string, string> = {
  completed: "text-success",
  failed: "text-destructive",
  running: "text-primary",
  waiting: "text-warning",
};

export function WorkflowTable({
  slug,
  workflows,
  filtered,
  permissions,
}: {
  slug: string;
  workflows: WorkflowSummary[];
  /** A search or status filter is on (the empty state says so). */
  filtered: boolean;
  permissions: { create: boolean; update: boolean; delete: boolean };
}) {
  const base = `/o/${slug}/workflows`;
  if (workflows.length === 0) {
    return filtered ? (
      <EmptyState
        icon={SearchX}
        title="No workflows match"
        description="Try another search, or another status."
        action={
          <Button asChild variant="outline">
            <Link href={base}>Show all workflows</Link>
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={WorkflowIcon}
        title="No workflows yet"
        description="Workflows run steps for you when something happens: a form is sent, a payment comes in, a schedule ticks."
        action={
          permissions.create ? (
            <Button asChild>
              <Link href={`${base}/new`}>Create your first workflow</Link>
            </Button>
          ) : null
        }
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden md:table-cell">Trigger</TableHead>
          <TableHead className="hidden lg:table-cell">Last run</TableHead>
          <TableHead className="hidden sm:table-cell">Updated</TableHead>
          <TableHead className="w-12">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {workflows.map((w) => (
          <TableRow key={w.id}>
            <TableCell className="w-full max-w-0 min-w-40">
              <div className="flex min-w-0 flex-col">
                <Link
                  href={`${base}/${w.id}`}
                  className="truncate font-medium hover:underline focus-visible:underline"
                >
                  {w.name}
                </Link>
                <span className="truncate text-xs text-muted-foreground">
                  {w.description || `${w.node_count} step${w.node_count === 1 ? "" : "s"}`}
                  {w.published_version ? ` · version ${w.published_version} live` : ""}
                </span>
              </div>
            </TableCell>
            <TableCell>
              <WorkflowStatusBadge status={w.status} />
            </TableCell>
            <TableCell className="hidden md:table-cell">
              <TriggerLabel type={w.trigger_type} />
            </TableCell>
            <TableCell className="hidden text-muted-foreground lg:table-cell">
              {w.last_run && w.last_run_at ? (
                <Link
                  href={`/o/${slug}/runs/${w.last_run.id}`}
                  className="flex items-center gap-1.5 hover:underline focus-visible:underline"
                  aria-label={`Last run: ${executionStatusLabels[w.last_run.status as ExecutionStatus] ?? w.last_run.status}, open it`}
                >
                  <StatusIcon
                    status={w.last_run.status as ExecutionStatus}
                    className={cn("size-3.5 shrink-0", lastRunColor[w.last_run.status] ?? "")}
                  />
                  <span className="sr-only">
                    {executionStatusLabels[w.last_run.status as ExecutionStatus] ?? w.last_run.status}
                  </span>
                  <RelativeTime date={w.last_run_at} />
                </Link>
              ) : w.last_run_at ? (
                <RelativeTime date={w.last_run_at} />
              ) : (
                <span title="Runs are listed once the workflow has run.">Never</span>
              )}
            </TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">
              <RelativeTime date={w.updated_at} />
            </TableCell>
            <TableCell>
              <WorkflowRowActions
                slug={slug}
                id={w.id}
                name={w.name}
                status={w.status}
                permissions={permissions}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
