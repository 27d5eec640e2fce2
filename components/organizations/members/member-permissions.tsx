"use client";

import {
  PermissionMatrixHeader,
  actionLabels,
} from "@/components/organizations/settings/permission-matrix-header";
import * as React from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { setMemberOverrideAction } from "@/lib/organizations/actions/roles";
import { ACTIONS } from "@/lib/organizations/schema";
import { cn } from "@/lib/utils/cn";

type Resource = { resource: string; label: string; description: string };
type Overrides = { grant: string[]; revoke: string[] };

/** The override a tick makes: none when it matches the role, else a grant or a revoke. */
export function overrideFor(base: boolean, allowed: boolean): "inherit" | "grant" | "revoke" {
  return allowed === base ? "inherit" : allowed ? "grant" : "revoke";
}

/**
 * One member's permissions: ticked is what they may do. What their role gives is the starting
 * point; a tick that differs from it is a grant (or a revoke) for this member alone, marked in the
 * cell. Each tick saves on its own and goes back, with a message, if the server refuses (nobody
 * grants what they do not hold).
 */
export function MemberPermissions({
  slug,
  memberId,
  name,
  resources,
  base,
  overrides,
  editable,
}: {
  slug: string;
  memberId: string;
  name: string;
  resources: Resource[];
  /** "resource:action" their role gives. */
  base: string[];
  overrides: Overrides;
  editable: boolean;
}) {
  const baseSet = React.useMemo(() => new Set(base), [base]);
  const [optimistic, apply] = React.useOptimistic(
    overrides,
    (state, change: { permission: string; state: "inherit" | "grant" | "revoke" }) => {
      const without = (list: string[]) => list.filter((p) => p !== change.permission);
      const next = { grant: without(state.grant), revoke: without(state.revoke) };
      if (change.state !== "inherit") next[change.state] = [...next[change.state], change.permission];
      return next;
    },
  );
  const [pending, startTransition] = React.useTransition();

  const toggle = (permission: string, allowed: boolean) => {
    const state = overrideFor(baseSet.has(permission), allowed);
    const formData = new FormData();
    formData.set("organization", slug);
    formData.set("member_id", memberId);
    formData.set("permission", permission);
    formData.set("state", state);
    startTransition(async () => {
      apply({ permission, state });
      const result = await setMemberOverrideAction(null, formData);
      if (!result.ok) toast.error(result.error.message);
    });
  };

  const changed = optimistic.grant.length + optimistic.revoke.length;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-muted-foreground" role="status" aria-live="polite">
        {pending
          ? "Saving…"
          : changed === 0
            ? "Exactly what their role gives. Tick or untick to make an exception for this member."
            : `${changed} exception${changed === 1 ? "" : "s"} to their role, marked “Granted” or “Revoked”. Set a box back to the role's value to remove one.`}
      </p>
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
                const permission = `${resource.resource}:${action}`;
                return (
                  <PermissionCell
                    key={action}
                    label={`${name}: ${actionLabels[action]} ${resource.label}`}
                    base={baseSet.has(permission)}
                    granted={optimistic.grant.includes(permission)}
                    revoked={optimistic.revoke.includes(permission)}
                    editable={editable}
                    onChange={(allowed) => toggle(permission, allowed)}
                  />
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function PermissionCell({
  label,
  base,
  granted,
  revoked,
  editable,
  onChange,
}: {
  label: string;
  base: boolean;
  granted: boolean;
  revoked: boolean;
  editable: boolean;
  onChange: (allowed: boolean) => void;
}) {
  const allowed = (base || granted) && !revoked;
  const mark = granted ? "Granted" : revoked ? "Revoked" : null;
  return (
    <TableCell
      data-override={mark ?? undefined}
      className={cn("px-0.5 text-center sm:px-2", granted && "bg-success/10", revoked && "bg-destructive/10")}
    >
      <div className="flex flex-col items-center gap-0.5">
        <Checkbox
          checked={allowed}
          disabled={!editable}
          onChange={(e) => onChange(e.currentTarget.checked)}
          aria-label={`${label}${mark ? ` (${mark.toLowerCase()} for this member)` : ""}`}
          className="size-[18px]"
        />
        {mark ? (
          <Badge
            variant={granted ? "success" : "destructive"}
            className="hidden px-1 text-[10px] sm:inline-flex"
            aria-hidden="true"
          >
            {mark}
          </Badge>
        ) : null}
      </div>
    </TableCell>
  );
}
