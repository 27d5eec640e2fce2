"use client";

import { Plus, Undo2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { createManualSaleAction, recordRefundAction } from "@/lib/commissions/actions";
import { MemberOptions, type MemberOption } from "./member-options";

/** "Add transaction": a sale entered by hand, its commission computed by the rules in force. */
export function ManualSaleButton({
  slug,
  members,
  defaultMemberId,
  defaultCurrency = "USD",
}: {
  slug: string;
  members: MemberOption[];
  defaultMemberId?: string | null;
  /** The organization's currency (its settings), else USD. */
  defaultCurrency?: string;
}) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <ActionDialogButton
      trigger={{
        children: (
          <>
            <Plus aria-hidden="true" />
            Add transaction
          </>
        ),
      }}
      className="max-w-lg"
      title="Add a transaction"
      description="A sale made outside GoHighLevel. Its commission is computed by the rules in force on the paid date and waits for approval."
      action={createManualSaleAction}
      fields={{ organization: slug }}
      submitLabel="Add transaction"
      pendingLabel="Adding…"
    >
      {(form) => (
        <>
          <FormField name="team_member_id" label="Sold by" error={form.fieldError("team_member_id")} required>
            <NativeSelect defaultValue={form.value("team_member_id", defaultMemberId ?? "")}>
              <option value="" disabled>
                Choose a team member
              </option>
              <MemberOptions members={members} />
            </NativeSelect>
          </FormField>
          <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
            <FormField
              name="amount"
              label="Amount"
              error={form.fieldError("amount")}
              required
              hint="E.g. 12000 or 12,000.50"
            >
              <Input inputMode="decimal" autoComplete="off" defaultValue={form.value("amount")} />
            </FormField>
            <FormField name="currency" label="Currency" error={form.fieldError("currency")} required>
              <Input
                maxLength={3}
                className="uppercase"
                defaultValue={form.value("currency", defaultCurrency)}
              />
            </FormField>
          </div>
          <FormField name="paid_at" label="Paid on" error={form.fieldError("paid_at")} required>
            <Input type="date" defaultValue={form.value("paid_at", today)} />
          </FormField>
          <FormField
            name="external_id"
            label="Reference"
            optional
            error={form.fieldError("external_id")}
            hint="An invoice or order number, to avoid entering it twice."
          >
            <Input autoComplete="off" defaultValue={form.value("external_id")} />
          </FormField>
          <FormField name="description" label="Description" optional error={form.fieldError("description")}>
            <Textarea rows={2} defaultValue={form.value("description")} />
          </FormField>
        </>
      )}
    </ActionDialogButton>
  );
}

/** Record a refund by hand: the total refunded so far. Unpaid commissions shrink; paid ones get a clawback. */
export function RefundButton({
  slug,
  id,
  label,
  currency,
  refunded,
  withText = false,
}: {
  slug: string;
  id: string;
  label: string;
  currency: string;
  refunded: string;
  /** A labelled button (a page's header), not an icon in a table row. */
  withText?: boolean;
}) {
  return (
    <ActionDialogButton
      trigger={
        withText
          ? {
              variant: "outline",
              children: (
                <>
                  <Undo2 aria-hidden="true" />
                  Record a refund
                </>
              ),
            }
          : {
              variant: "ghost",
              size: "icon-sm",
              "aria-label": `Record a refund of ${label}`,
              children: <Undo2 aria-hidden="true" />,
            }
      }
      className="max-w-md"
      title={`Refund ${label}`}
      description="Enter the total refunded so far. Pending commissions are reduced or cancelled; approved and paid ones get a negative line in the next payout."
      action={recordRefundAction}
      fields={{ organization: slug, transaction_id: id }}
      submitLabel="Record refund"
      pendingLabel="Recording…"
      variant="destructive"
    >
      {(form) => (
        <>
          <FormField
            name="refunded_total"
            label={`Total refunded (${currency})`}
            error={form.fieldError("refunded_total")}
            required
          >
            <Input
              inputMode="decimal"
              autoComplete="off"
              defaultValue={form.value("refunded_total", refunded)}
            />
          </FormField>
          <FormField name="reason" label="Reason" optional error={form.fieldError("reason")}>
            <Input defaultValue={form.value("reason")} />
          </FormField>
        </>
      )}
    </ActionDialogButton>
  );
}
