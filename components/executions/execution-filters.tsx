import { FilterDateRange, FilterForm, FilterSelect } from "@/components/ui/filter-form";
import {
  EXECUTION_STATUSES,
  executionStatusLabels,
  TRIGGER_TYPES,
  triggerLabels,
  type ExecutionFilter,
} from "@/lib/executions/format";

const statusOptions = EXECUTION_STATUSES.map((s) => ({ value: s, label: executionStatusLabels[s] }));
const triggerOptions = TRIGGER_TYPES.map((t) => ({ value: t, label: triggerLabels[t] }));

/** The runs list's filters: status, trigger, workflow (on the organization's list) and days. */
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
    <FilterForm path={path} label="Filter runs" active={active}>
      <FilterSelect
        id="runs-status"
        name="status"
        label="Status"
        value={filter.status}
        anyLabel="Any status"
        options={statusOptions}
      />
      <FilterSelect
        id="runs-trigger"
        name="trigger"
        label="Trigger"
        value={filter.trigger}
        anyLabel="Any trigger"
        options={triggerOptions}
      />
      {workflows ? (
        <FilterSelect
          id="runs-workflow"
          name="workflow"
          label="Workflow"
          value={filter.workflow}
          anyLabel="Any workflow"
          options={workflows.map((w) => ({ value: w.id, label: w.name }))}
        />
      ) : (
        <span className="hidden lg:block" />
      )}
      <FilterDateRange idPrefix="runs" from={filter.from} to={filter.to} />
    </FilterForm>
  );
}
