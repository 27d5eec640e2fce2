import { TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ACTIONS, type PermissionAction } from "@/lib/organizations/schema";

export const actionLabels: Record<PermissionAction, string> = {
  create: "Create",
  read: "Read",
  update: "Update",
  delete: "Delete",
  approve: "Approve",
};

/** The head row of a permission matrix (a role's, or one member's): resources down, actions across. */
export function PermissionMatrixHeader() {
  return (
    <TableHeader>
      <TableRow>
        <TableHead>Resource</TableHead>
        {ACTIONS.map((action) => (
          <TableHead key={action} className="w-11 px-0.5 text-center sm:w-24 sm:px-2">
            <span className="text-[11px] sm:text-xs">{actionLabels[action]}</span>
          </TableHead>
        ))}
      </TableRow>
    </TableHeader>
  );
}
