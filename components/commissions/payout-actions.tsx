"use client";

import { Banknote, Check, Undo2 } from "lucide-react";
import { ActionButton } from "@/components/forms/action-button";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { DeleteDialogButton } from "@/components/forms/delete-dialog-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import {
  approvePayoutAction,
  createDraftPayoutsAction,
  deleteDraftPayoutAction,
  markPayoutPaidAction,
  unapprovePayoutAction,
} from "@/lib/commissions/actions";

/** "Create payouts": drafts a payout per rep from the approved commissions not yet paid out. */
export function CreatePayoutsButton({
  slug,
  months,
  month,
}: {
  slug: string;
  months: string[];
  month: string;
}) {
  return (
    <ActionDialogButton
      trigger={{
        children: (
          <>
            <Banknote aria-hidden="true" />
            Create payouts
          </>
        ),
      }}
      className="max-w-md"
      title="Create draft payouts"
      description="One draft per rep and currency, holding every approved commission of that month or earlier that is not in a payout yet, refund clawbacks included."
      action={createDraftPayoutsAction}
      fields={{ organization: slug }}
      submitLabel="Create drafts"
      pendingLabel="Creating…"
    >
      {(form) => (
        <FormField name="month" label="Period" error={form.fieldError("month")}>
          <NativeSelect defaultValue={form.value("month", month)}>
            {months.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      )}
    </ActionDialogButton>
  );
}

/** The buttons of a payout, by its status and what the member may do. */
export function PayoutActions({
  slug,
  id,
  label,
  status,
  own,
  can,
}: {
  slug: string;
  id: string;
  label: string;
  status: "draft" | "approved" | "paid";
  own: boolean;
  can: { approve: boolean; update: boolean; delete: boolean };
}) {
  const fields = { organization: slug, id };
  return (
    <div className="flex flex-wrap justify-end gap-1">
      {status === "draft" && can.approve && !own ? (
        <ActionButton
          action={approvePayoutAction}
          fields={fields}
          size="sm"
          variant="outline"
          pendingLabel="Approving…"
          aria-label={`Approve ${label}`}
        >
          <Check aria-hidden="true" />
          Approve
        </ActionButton>
      ) : null}
      {status === "draft" && can.delete ? (
        <DeleteDialogButton
          label={`Delete ${label}`}
          title={`Delete ${label}?`}
          description="Its commissions stay approved and go into the next payout you create."
          action={deleteDraftPayoutAction}
          fields={fields}
          submitLabel="Delete draft"
        />
      ) : null}
      {status === "approved" && can.update ? (
        <ActionDialogButton
          trigger={{
            size: "sm",
            children: (
              <>
                <Banknote aria-hidden="true" />
                Mark paid
              </>
            ),
            "aria-label": `Mark ${label} paid`,
          }}
          className="max-w-md"
          title={`Mark ${label} paid`}
          description="Its commissions become paid. A paid payout cannot be changed; later refunds come back as negative lines in the next one."
          action={markPayoutPaidAction}
          fields={fields}
          submitLabel="Mark paid"
          pendingLabel="Saving…"
        >
          {(form) => (
            <FormField
              name="reference"
              label="Payment reference"
              error={form.fieldError("reference")}
              required
              hint="The payroll run, transfer or cheque number."
            >
              <Input autoComplete="off" defaultValue={form.value("reference")} />
            </FormField>
          )}
        </ActionDialogButton>
      ) : null}
      {status === "approved" && can.approve ? (
        <ActionButton
          action={unapprovePayoutAction}
          fields={fields}
          size="icon-sm"
          variant="ghost"
          pendingLabel="…"
          aria-label={`Back to draft: ${label}`}
        >
          <Undo2 aria-hidden="true" />
        </ActionButton>
      ) : null}
    </div>
  );
}
