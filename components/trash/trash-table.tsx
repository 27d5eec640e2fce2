import { Trash2 } from "lucide-react";
import { ActionButton } from "@/components/forms/action-button";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, ShortDate } from "@/components/ui/relative-time";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { deleteFromTrashAction, restoreFromTrashAction } from "@/lib/trash/actions";
import { TRASH_DAYS, TRASH_KIND_LABELS, type TrashItem } from "@/lib/trash/schemas";

/** What the organization deleted in the last 30 days: restore it, or delete it for good. */
export function TrashTable({ slug, items }: { slug: string; items: TrashItem[] }) {
  if (items.length === 0) {
    return (
      <EmptyState
        icon={Trash2}
        title="The trash is empty"
        description={`Deleted workflows stay here for ${TRASH_DAYS} days, so you can bring them back.`}
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Item</TableHead>
          <TableHead className="hidden sm:table-cell">Deleted</TableHead>
          <TableHead className="hidden md:table-cell">Deleted for good</TableHead>
          <TableActionsHead className="w-56" />
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => {
          const fields = { organization: slug, kind: item.kind, id: item.id };
          const label = TRASH_KIND_LABELS[item.kind];
          return (
            <TableRow key={`${item.kind}:${item.id}`}>
              <TableCell>
                <span className="block font-medium">{item.name}</span>
                <span className="text-xs text-muted-foreground">
                  {label}
                  {item.detail ? ` · ${item.detail}` : ""}
                </span>
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <RelativeTime date={item.deleted_at} />
                {item.deleted_by_name ? (
                  <span className="block text-xs text-muted-foreground">by {item.deleted_by_name}</span>
                ) : null}
              </TableCell>
              <TableCell className="hidden md:table-cell">
                <ShortDate date={item.purge_at} />
              </TableCell>
              <TableCell className="text-right">
                <div className="flex justify-end gap-2">
                  <ActionButton
                    action={restoreFromTrashAction}
                    fields={fields}
                    variant="outline"
                    size="sm"
                    pendingLabel="Restoring…"
                    aria-label={`Restore ${item.name}`}
                  >
                    Restore
                  </ActionButton>
                  <ActionDialogButton
                    trigger={{
                      variant: "ghost-destructive",
                      size: "sm",
                      "aria-label": `Delete ${item.name} forever`,
                      children: "Delete forever",
                    }}
                    title={`Delete “${item.name}” forever?`}
                    description={`The ${label.toLowerCase()} and everything it had${item.detail ? ` (${item.detail})` : ""} are erased now. This can't be undone.`}
                    action={deleteFromTrashAction}
                    fields={fields}
                    submitLabel="Delete forever"
                    pendingLabel="Deleting…"
                    variant="destructive"
                  />
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
