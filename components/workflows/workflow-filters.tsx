import Link from "next/link";
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { WORKFLOW_STATUSES, workflowStatusLabels, type WorkflowStatus } from "@/lib/workflows/status";

/** Search and status filter as a plain GET form: shareable, works without JavaScript. */
export function WorkflowFilters({
  path,
  query,
  status,
}: {
  path: string;
  query?: string;
  status?: WorkflowStatus;
}) {
  return (
    <form
      method="get"
      action={path}
      role="search"
      className="flex flex-col gap-2 sm:flex-row sm:items-center"
    >
      <div className="relative flex-1 sm:max-w-sm">
        <label htmlFor="workflow-q" className="sr-only">
          Search workflows
        </label>
        <Search
          className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          id="workflow-q"
          name="q"
          type="search"
          defaultValue={query}
          placeholder="Search by name or description"
          className="pl-9"
          maxLength={100}
        />
      </div>
      <div className="flex gap-2">
        <label htmlFor="workflow-status" className="sr-only">
          Status
        </label>
        <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
          <NativeSelect id="workflow-status" name="status" defaultValue={status ?? ""}>
            <option value="">All but archived</option>
            {WORKFLOW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {workflowStatusLabels[s]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {query || status ? (
          <Button asChild variant="ghost">
            <Link href={path}>Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
