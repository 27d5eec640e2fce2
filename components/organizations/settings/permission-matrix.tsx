"use client";

import {
  PermissionMatrixHeader,
  actionLabels,
} from "@/components/organizations/settings/permission-matrix-header";
import * as React from "react";
import { RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { resetRolePermissionsAction, setPermissionAction } from "@/lib/organizations/actions/permissions";
import { setCustomRolePermissionAction } from "@/lib/organizations/actions/roles";
import { ACTIONS, roleLabels, type PermissionAction, type Role } from "@/lib/organizations/schema";

type Resource = { resource: string; label: string; description: string };
type Change = { key: string; allowed: boolean };

const keyOf = (role: string, resource: string, action: PermissionAction) => `${role}:${resource}:${action}`;

/** A built-in role's row of the matrix, or a custom role (its id and name). */
export type MatrixSubject = { role: Role } | { customRole: { id: string; name: string } };

/**
 * One role's permissions: resources down, actions across. Each checkbox saves on its own; the tick
 * changes at once (optimistically) and goes back, with a message, if the server refuses.
 */
export function PermissionMatrix({
  slug,
  subject,
  resources,
  granted,
  editable,
}: {
  slug: string;
  subject: MatrixSubject;
  resources: Resource[];
  /** "role:resource:action" keys granted (a custom role's: "<its id>:resource:action"). */
  granted: string[];
  editable: boolean;
}) {
  const role = "role" in subject ? subject.role : subject.customRole.id;
  const roleName = "role" in subject ? roleLabels[subject.role] : subject.customRole.name;
  const [optimistic, applyChange] = React.useOptimistic(new Set(granted), (state, change: Change) => {
    const next = new Set(state);
    if (change.allowed) next.add(change.key);
    else next.delete(change.key);
    return next;
  });
  const [pending, startTransition] = React.useTransition();
  const isOwner = role === "owner";
  const locked = isOwner || !editable;

  function toggle(resource: Resource, action: PermissionAction, allowed: boolean) {
    const formData = new FormData();
    formData.set("organization", slug);
    formData.set("resource", resource.resource);
    formData.set("action", action);
    formData.set("allowed", String(allowed));
    if ("role" in subject) formData.set("role", subject.role);
    else formData.set("id", subject.customRole.id);
    startTransition(async () => {
      applyChange({ key: keyOf(role, resource.resource, action), allowed });
      const result =
        "role" in subject
          ? await setPermissionAction(null, formData)
          : await setCustomRolePermissionAction(null, formData);
      if (!result.ok) toast.error(result.error.message);
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {isOwner ? (
        <Alert title="Owners can do everything">
          That can&apos;t be changed, so an organization always has someone who can manage it.
        </Alert>
      ) : !editable ? (
        <Alert title="You can look, not change">
          Changing permissions needs the Organization: update permission.
        </Alert>
      ) : (
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-muted-foreground" role="status" aria-live="polite">
            {pending
              ? "Saving…"
              : "Changes save as you tick and apply to every member with this role at once."}
          </p>
          {"role" in subject ? <ResetRole slug={slug} role={subject.role} /> : null}
        </div>
      )}
      <Table>
        <PermissionMatrixHeader />
        <TableBody>
          {resources.map((resource) => (
            <TableRow key={resource.resource}>
              <TableCell className="min-w-28 sm:min-w-40">
                <span className="block font-medium">{resource.label}</span>
                <span className="hidden text-xs text-muted-foreground sm:block">{resource.description}</span>
              </TableCell>
              {ACTIONS.map((action) => {
                const checked = isOwner || optimistic.has(keyOf(role, resource.resource, action));
                return (
                  <TableCell key={action} className="px-0.5 text-center sm:px-3">
                    <Checkbox
                      checked={checked}
                      disabled={locked}
                      onChange={(e) => toggle(resource, action, e.currentTarget.checked)}
                      aria-label={`${roleName}: ${actionLabels[action]} ${resource.label}`}
                      className="size-[18px]"
                    />
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function ResetRole({ slug, role }: { slug: string; role: Role }) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "outline",
        size: "sm",
        className: "shrink-0",
        children: (
          <>
            <RotateCcw aria-hidden="true" />
            Reset to defaults
          </>
        ),
      }}
      title={`Reset ${roleLabels[role]} permissions?`}
      description={`Every change made to the ${roleLabels[role]} role in this organization is undone, and it gets the permissions new organizations start with.`}
      action={resetRolePermissionsAction}
      fields={{ organization: slug, role }}
      submitLabel="Reset to defaults"
      pendingLabel="Resetting…"
      variant="destructive"
    />
  );
}
