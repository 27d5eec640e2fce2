import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { SOURCES, STATUSES } from "./transaction-labels";

/** The transactions page's search (a GET form: the filters are in the address). */
export function TransactionFilters({
  path,
  query,
  filters,
  unmapped,
}: {
  path: string;
  query: string | undefined;
  filters: { source: string | null; status: string | null };
  unmapped: boolean;
}) {
  return (
    <form
      action={path}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_12rem_12rem_auto_auto] lg:items-end"
      role="search"
    >
      <div className="grid gap-2">
        <Label htmlFor="q">Search</Label>
        <Input
          id="q"
          name="q"
          type="search"
          defaultValue={query}
          placeholder="Reference, rep, description, GHL user"
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="source">Source</Label>
        <NativeSelect id="source" name="source" defaultValue={filters.source ?? ""}>
          <option value="">All sources</option>
          {Object.entries(SOURCES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="status">Status</Label>
        <NativeSelect id="status" name="status" defaultValue={filters.status ?? ""}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </NativeSelect>
      </div>
      <label className="flex h-9 items-center gap-2 text-sm">
        <input type="checkbox" name="unmapped" value="1" defaultChecked={unmapped} className="size-4" />
        No team member yet
      </label>
      <Button type="submit" variant="outline">
        Filter
      </Button>
    </form>
  );
}
