import Link from "next/link";
import { FlaskConical } from "lucide-react";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ExecutionSummary } from "@/lib/executions/executions";
import { formatDuration, triggerLabels, type ExecutionTrigger } from "@/lib/executions/format";
import { ExecutionStatusBadge } from "./execution-status-badge";

export function triggerLabel(type: string): string {
  return triggerLabels[type as ExecutionTrigger] ?? type;
}

/** Runs, newest first: status, workflow (unless the list is one workflow's), trigger, start, duration. */
export function ExecutionsTable({
  slug,
  executions,
  showWorkflow = true,
}: {
  slug: string;
  executions: ExecutionSummary[];
  showWorkflow?: boolean;
}) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Status</TableHead>
          {showWorkflow ? <TableHead>Workflow</TableHead> : null}
          <TableHead className="hidden sm:table-cell">Trigger</TableHead>
          <TableHead>Started</TableHead>
          <TableHead className="hidden text-right md:table-cell">Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {executions.map((e) => {
          const href = `/o/${slug}/runs/${e.id}`;
          return (
            <TableRow key={e.id} data-execution={e.id}>
              <TableCell>
                <Link
                  href={href}
                  className="rounded-full outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  aria-label={`Run of ${e.workflow_name ?? "a deleted workflow"}, ${e.status}, open details`}
                >
                  <ExecutionStatusBadge status={e.status} />
                </Link>
              </TableCell>
              {showWorkflow ? (
                <TableCell className="w-full max-w-0 min-w-36">
                  <div className="flex min-w-0 flex-col">
                    <Link
                      href={href}
                      className="truncate font-medium hover:underline focus-visible:underline"
                    >
                      {e.workflow_name ?? "Deleted workflow"}
                    </Link>
                    <span className="truncate text-xs text-muted-foreground">
                      {e.version ? `Version ${e.version}` : e.is_test ? "Draft" : "Version removed"}
                      {e.error ? ` · ${e.error}` : ""}
                    </span>
                  </div>
                </TableCell>
              ) : null}
              <TableCell className="hidden sm:table-cell">
                <span className="flex items-center gap-1.5 whitespace-nowrap">
                  {triggerLabel(e.trigger_type)}
                  {e.is_test ? (
                    <span
                      className="inline-flex items-center gap-0.5 rounded bg-muted px-1 text-[11px] text-muted-foreground"
                      title="Started from the builder to try the workflow out"
                    >
                      <FlaskConical className="size-3" aria-hidden="true" />
                      test
                    </span>
                  ) : null}
                </span>
              </TableCell>
              <TableCell className="text-muted-foreground">
                {showWorkflow ? (
                  <RelativeTime date={e.started_at ?? e.created_at} />
                ) : (
                  <Link href={href} className="hover:underline focus-visible:underline">
                    <RelativeTime date={e.started_at ?? e.created_at} />
                  </Link>
                )}
              </TableCell>
              <TableCell className="hidden text-right text-muted-foreground tabular-nums md:table-cell">
                {e.duration_ms !== null ? formatDuration(e.duration_ms) : e.started_at ? "Running…" : "—"}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
