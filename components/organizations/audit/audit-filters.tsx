import Link from "next/link";
import { Filter } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import type { AuditFilter } from "@/lib/organizations/audit-log";
import { auditActionLabels, resourceTypeLabels } from "@/lib/organizations/audit-format";

/**
 * The log's filters as a plain GET form: the filtered view is a link that can be shared and
 * bookmarked, and works without JavaScript. Applying starts again from the newest entry.
 */
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
    <form
      method="get"
      action={path}
      aria-label="Filter the audit log"
      className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto_auto]"
    >
      <Field id="audit-actor" label="Who">
        <NativeSelect id="audit-actor" name="actor" defaultValue={filter.actor ?? ""}>
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="audit-resource" label="What">
        <NativeSelect id="audit-resource" name="resource" defaultValue={filter.resource ?? ""}>
          <option value="">Everything</option>
          {Object.entries(resourceTypeLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="audit-action" label="Change">
        <NativeSelect id="audit-action" name="action" defaultValue={filter.action ?? ""}>
          <option value="">Any change</option>
          {Object.entries(auditActionLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label.charAt(0).toUpperCase() + label.slice(1)}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="audit-from" label="From">
        <Input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} className="lg:w-40" />
      </Field>
      <Field id="audit-to" label="To">
        <Input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} className="lg:w-40" />
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
