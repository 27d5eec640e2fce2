import { FilterDateRange, FilterForm, FilterSelect } from "@/components/ui/filter-form";
import type { AuditFilter } from "@/lib/organizations/audit-log";
import { auditActionLabels, resourceTypeLabels } from "@/lib/organizations/audit-format";

const resourceOptions = Object.entries(resourceTypeLabels).map(([value, label]) => ({ value, label }));
const actionOptions = Object.entries(auditActionLabels).map(([value, label]) => ({
  value,
  label: label.charAt(0).toUpperCase() + label.slice(1),
}));

/** The audit log's filters: who, what, which kind of change, and days. */
export function AuditFilters({
  path,
  filter,
  actors,
}: {
  path: string;
  filter: AuditFilter;
  actors: { id: string; name: string }[];
}) {
  const active = Boolean(filter.actor || filter.resource || filter.action || filter.from || filter.to);
  return (
    <FilterForm path={path} label="Filter the audit log" active={active}>
      <FilterSelect
        id="audit-actor"
        name="actor"
        label="Who"
        value={filter.actor}
        anyLabel="Anyone"
        options={actors.map((a) => ({ value: a.id, label: a.name }))}
      />
      <FilterSelect
        id="audit-resource"
        name="resource"
        label="What"
        value={filter.resource}
        anyLabel="Everything"
        options={resourceOptions}
      />
      <FilterSelect
        id="audit-action"
        name="action"
        label="Change"
        value={filter.action}
        anyLabel="Any change"
        options={actionOptions}
      />
      <FilterDateRange idPrefix="audit" from={filter.from} to={filter.to} />
    </FilterForm>
  );
}
