"use client";

import { Lock, LockOpen, RefreshCw } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { closePeriodAction, recomputeMonthAction, reopenPeriodAction } from "@/lib/commissions/actions";

/** Close (with confirmation), reopen and recompute one month. */
export function PeriodActions({
  slug,
  month,
  closed,
  canClose,
  canRecompute,
}: {
  slug: string;
  month: string;
  closed: boolean;
  canClose: boolean;
  canRecompute: boolean;
}) {
  const fields = { organization: slug, month };
  return (
    <div className="flex flex-wrap justify-end gap-1">
      {!closed && canRecompute ? (
        <ActionDialogButton
          trigger={{
            variant: "ghost",
            size: "sm",
            "aria-label": `Recompute ${month}`,
            children: (
              <>
                <RefreshCw aria-hidden="true" />
                Recompute
              </>
            ),
          }}
          title={`Recompute ${month}?`}
          description="Pending commissions of the month are worked out again from the rules in force, deal by deal. Approved, rejected and paid ones stay as they are."
          action={recomputeMonthAction}
          fields={fields}
          submitLabel="Recompute"
          pendingLabel="Recomputing…"
        />
      ) : null}
      {canClose && !closed ? (
        <ActionDialogButton
          trigger={{
            variant: "outline",
            size: "sm",
            "aria-label": `Close ${month}`,
            children: (
              <>
                <Lock aria-hidden="true" />
                Close
              </>
            ),
          }}
          className="max-w-md"
          title={`Close ${month}?`}
          description="Approved and paid commissions of the month are locked: nobody can change them, and later refunds become adjustment lines in the next payout."
          action={closePeriodAction}
          fields={fields}
          submitLabel={`Close ${month}`}
          pendingLabel="Closing…"
          variant="destructive"
        >
          {(form) => (
            <FormField name="note" label="Note" optional error={form.fieldError("note")}>
              <Input defaultValue={form.value("note")} />
            </FormField>
          )}
        </ActionDialogButton>
      ) : null}
      {canClose && closed ? (
        <ActionDialogButton
          trigger={{
            variant: "ghost",
            size: "sm",
            "aria-label": `Reopen ${month}`,
            children: (
              <>
                <LockOpen aria-hidden="true" />
                Reopen
              </>
            ),
          }}
          title={`Reopen ${month}?`}
          description="Its approved commissions can be changed again. The reopening is recorded in the audit log."
          action={reopenPeriodAction}
          fields={fields}
          submitLabel="Reopen"
          pendingLabel="Reopening…"
          variant="destructive"
        />
      ) : null}
    </div>
  );
}
