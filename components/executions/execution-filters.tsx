import Link from "next/link";
import { Filter } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import {
  EXECUTION_STATUSES,
  executionStatusLabels,
  TRIGGER_TYPES,
  triggerLabels,
  type ExecutionFilter,
} from "@/lib/executions/format";

/**
 * The runs list's filters as a plain GET form: a filtered view is a link to share or bookmark, and
 * works without JavaScript. Applying starts again from the newest run.
 */
export function ExecutionFilters({
  path,
  filter,
  workflows,
}: {
  path: string;
  filter: ExecutionFilter;
  /** Offered as a filter on the organization's list; absent on one workflow's own list. */
  workflows?: { id: string; name: string }[];
}) {
  const active = Boolean(filter.status || filter.trigger || filter.workflow || filter.from || filter.to);
  return (
    <form
      method="get"
      action={path}
      aria-label="Filter runs"
      className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto_auto]"
    >
      <Field id="runs-status" label="Status">
        <NativeSelect id="runs-status" name="status" defaultValue={filter.status ?? ""}>
          <option value="">Any status</option>
          {EXECUTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {executionStatusLabels[s]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="runs-trigger" label="Trigger">
        <NativeSelect id="runs-trigger" name="trigger" defaultValue={filter.trigger ?? ""}>
          <option value="">Any trigger</option>
          {TRIGGER_TYPES.map((t) => (
            <option key={t} value={t}>
              {triggerLabels[t]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {workflows ? (
        <Field id="runs-workflow" label="Workflow">
          <NativeSelect id="runs-workflow" name="workflow" defaultValue={filter.workflow ?? ""}>
            <option value="">Any workflow</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      ) : (
        <span className="hidden lg:block" />
      )}
      <Field id="runs-from" label="From">
        <Input id="runs-from" name="from" type="date" defaultValue={filter.from ?? ""} className="lg:w-40" />
      </Field>
      <Field id="runs-to" label="To">
        <Input id="runs-to" name="to" type="date" defaultValue={filter.to ?? ""} className="lg:w-40" />
      </Field>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-full lg:justify-end">
        {active ? (
          <Button asChild variant="ghost">
            <Link href={path}>Clear filters</Link>
          </Button>
        ) : null}
        <Button type="submit" variant="secondary">
          <Filter aria-hidden="true" />
          Apply filters
        </Button>
      </div>
    </form>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      {children}
    </div>
  );
}
