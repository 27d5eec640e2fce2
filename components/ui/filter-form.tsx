import Link from "next/link";
import { Filter } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";

/**
 * A list's filters as a plain GET form: a filtered view is a link to share or bookmark, and works
 * without JavaScript. Applying starts again from the newest entry (no cursor is kept). Up to three
 * selects and a date range sit on one row on wide screens, two columns on tablets, one on phones.
 * Used by the runs lists and the audit log.
 */
export function FilterForm({
  path,
  label,
  active,
  children,
}: {
  /** The page's path (the form submits to it; "Clear filters" links to it). */
  path: string;
  /** The form's accessible name, e.g. "Filter runs". */
  label: string;
  /** Whether any filter is set (offers "Clear filters"). */
  active: boolean;
  children: React.ReactNode;
}) {
  return (
    <form
      method="get"
      action={path}
      aria-label={label}
      className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto_auto]"
    >
      {children}
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

/** One select of a FilterForm; its first choice ("Any …") sends nothing. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  anyLabel,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  anyLabel: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <FilterField id={id} label={label}>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </FilterField>
  );
}

/** The "From" and "To" days of a FilterForm (`from`, `to`: YYYY-MM-DD, "to" inclusive). */
export function FilterDateRange({
  idPrefix,
  from,
  to,
}: {
  idPrefix: string;
  from: string | undefined;
  to: string | undefined;
}) {
  return (
    <>
      <FilterField id={`${idPrefix}-from`} label="From">
        <Input
          id={`${idPrefix}-from`}
          name="from"
          type="date"
          defaultValue={from ?? ""}
          className="lg:w-40"
        />
      </FilterField>
      <FilterField id={`${idPrefix}-to`} label="To">
        <Input id={`${idPrefix}-to`} name="to" type="date" defaultValue={to ?? ""} className="lg:w-40" />
      </FilterField>
    </>
  );
}

function FilterField({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      {children}
    </div>
  );
}
