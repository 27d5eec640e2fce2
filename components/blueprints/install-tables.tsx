import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ItemKind } from "@/lib/blueprints/manifest";
import { KIND_LABELS } from "@/lib/blueprints/schemas";
import type { DiffEntry } from "@/lib/blueprints/update";

/** An install's items (edited here or not) and what an update would do to each. */

const ACTIONS = {
  add: "Added",
  update: "Updated",
  remove: "Removed",
  conflict: "Kept (edited here)",
  unchanged: "Unchanged",
} as const;

export function InstalledItems({
  items,
}: {
  items: { key: string; kind: ItemKind; name: string; edited: boolean }[];
}) {
  return (
    <section aria-labelledby="items-heading" className="flex flex-col gap-3">
      <h2 id="items-heading" className="text-lg font-semibold">
        Installed items
      </h2>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Kind</TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Since install</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((i) => (
            <TableRow key={i.key}>
              <TableCell>{KIND_LABELS[i.kind]}</TableCell>
              <TableCell>{i.name}</TableCell>
              <TableCell>
                {i.edited ? <Badge variant="secondary">Edited here</Badge> : "As installed"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

export function UpdateDiff({ entries }: { entries: DiffEntry[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Kind</TableHead>
          <TableHead>Name</TableHead>
          <TableHead>With the update</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={e.key}>
            <TableCell>{KIND_LABELS[e.kind]}</TableCell>
            <TableCell>{e.name}</TableCell>
            <TableCell>
              {ACTIONS[e.action]}
              {e.reason ? <span className="text-muted-foreground"> · {e.reason}</span> : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
