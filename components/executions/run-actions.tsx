"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Ban, RotateCcw } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { cancelExecutionAction, rerunExecutionAction } from "@/lib/executions/actions";
import { isTerminal, type ExecutionStatus } from "@/lib/executions/format";

export type RunPermissions = {
  /** executions:create, as the server action checks (permission data, read on the server). */
  rerun: boolean;
  /** executions:update, as the server action and public.cancel_execution check. */
  cancel: boolean;
};

/**
 * Re-run (same input; the version that ran, or the live one when it differs) and Cancel (with a
 * confirmation), each disabled with the reason when it cannot be done.
 */
export function RunActions({
  slug,
  executionId,
  status,
  permissions,
  version,
  liveVersion,
  archived,
}: {
  slug: string;
  executionId: string;
  status: ExecutionStatus;
  permissions: RunPermissions;
  version: number | null;
  liveVersion: number | null;
  archived: boolean;
}) {
  const router = useRouter();
  const finished = isTerminal(status);
  const reasonId = React.useId();
  const rerunReason = !permissions.rerun
    ? "Your role cannot start runs."
    : archived
      ? "The workflow is archived."
      : !version && !liveVersion
        ? "No version of this workflow is left to run."
        : null;
  const cancelReason = !permissions.cancel
    ? "Your role cannot cancel runs."
    : finished
      ? "The run has finished."
      : null;
  const choices = [
    ...(version ? [{ value: "same", label: `Version ${version}, the one that ran` }] : []),
    ...(liveVersion && liveVersion !== version
      ? [{ value: "live", label: `Version ${liveVersion}, live now` }]
      : []),
  ];
  const reasons = [rerunReason && `Re-run: ${rerunReason}`, cancelReason && `Cancel: ${cancelReason}`]
    .filter(Boolean)
    .join(" ");

  return (
    <div className="flex flex-col items-start gap-1.5 sm:items-end">
      <div className="flex flex-wrap gap-2">
        <ActionDialogButton
          trigger={{
            variant: "outline",
            disabled: Boolean(rerunReason),
            title: rerunReason ?? undefined,
            "aria-describedby": rerunReason ? reasonId : undefined,
            children: (
              <>
                <RotateCcw aria-hidden="true" />
                Re-run
              </>
            ),
          }}
          title="Run again with the same input?"
          description="A new run starts with exactly the input this one received. This run stays as it is."
          action={rerunExecutionAction}
          fields={{ organization: slug, id: executionId }}
          submitLabel="Run again"
          pendingLabel="Starting…"
          onSuccess={(data) => router.push(data.href)}
        >
          {() =>
            choices.length > 1 ? (
              <div className="grid gap-1.5">
                <Label htmlFor={`${reasonId}-version`}>Version to run</Label>
                <NativeSelect id={`${reasonId}-version`} name="version" defaultValue={choices[0]!.value}>
                  {choices.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </NativeSelect>
              </div>
            ) : (
              <input type="hidden" name="version" value={choices[0]?.value ?? "same"} />
            )
          }
        </ActionDialogButton>
        <ActionDialogButton
          trigger={{
            variant: "outline",
            disabled: Boolean(cancelReason),
            title: cancelReason ?? undefined,
            "aria-describedby": cancelReason ? reasonId : undefined,
            children: (
              <>
                <Ban aria-hidden="true" />
                Cancel run
              </>
            ),
          }}
          title="Cancel this run?"
          description={
            status === "running"
              ? "The run stops after the step it is on now. Steps that already ran are not undone."
              : "The run will not start or continue. Steps that already ran are not undone."
          }
          action={cancelExecutionAction}
          fields={{ organization: slug, id: executionId }}
          variant="destructive"
          submitLabel="Cancel run"
          pendingLabel="Cancelling…"
          onSuccess={() => router.refresh()}
        />
      </div>
      {reasons ? (
        <p id={reasonId} className="text-xs text-muted-foreground">
          {reasons}
        </p>
      ) : null}
    </div>
  );
}
