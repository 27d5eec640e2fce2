import Link from "next/link";
import { History, SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { KeysetPager } from "@/components/ui/keyset-pager";
import type { ExecutionSummary } from "@/lib/executions/executions";
import type { ExecutionFilter } from "@/lib/executions/format";
import { ExecutionFilters } from "./execution-filters";
import { ExecutionsTable } from "./executions-table";

/**
 * A page of runs with its filters, a count, and "Newest / Older" links (keyset pages: new runs
 * arriving do not shift what "older" shows). Used by the organization's and a workflow's lists.
 */
export function ExecutionsList({
  slug,
  path,
  filter,
  result,
  workflows,
  emptyHint,
}: {
  slug: string;
  path: string;
  filter: ExecutionFilter;
  result: { executions: ExecutionSummary[]; nextBefore: string | null; total: number; capped: boolean };
  /** The workflow filter's choices (the organization's list); absent on one workflow's list. */
  workflows?: { id: string; name: string }[];
  emptyHint: React.ReactNode;
}) {
  const { before, ...filters } = filter;
  const filtered = Object.values(filters).some(Boolean);
  const { executions, nextBefore, total, capped } = result;
  return (
    <section aria-label="Runs" className="flex flex-col gap-4">
      <ExecutionFilters path={path} filter={filter} workflows={workflows} />
      {executions.length === 0 ? (
        <EmptyState
          icon={filtered ? SearchX : History}
          title={filtered ? "No runs match these filters" : before ? "No older runs" : "No runs yet"}
          description={filtered ? "Widen the dates or clear a filter." : emptyHint}
          action={
            filtered || before ? (
              <Button asChild variant="outline">
                <Link href={path}>Show the latest runs</Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <>
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {capped ? `More than ${total.toLocaleString("en")}` : total.toLocaleString("en")}{" "}
            {total === 1 && !capped ? "run" : "runs"}
            {filtered ? " match" : ""}
            {before ? ", older ones shown" : ", newest first"}.
          </p>
          <ExecutionsTable slug={slug} executions={executions} showWorkflow={Boolean(workflows)} />
        </>
      )}
      <KeysetPager
        label="Pages of runs"
        path={path}
        filters={filters}
        before={before}
        nextBefore={nextBefore}
      />
    </section>
  );
}
