"use client";

import * as React from "react";
import { Check, X } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { HiddenFields, useToastAction } from "@/components/forms/use-toast-action";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { approveCalculationsAction, rejectCalculationAction } from "@/lib/commissions/actions";
import { formatMinor } from "@/lib/commissions/money";

export type QueueRow = {
  id: string;
  teamMemberName: string;
  own: boolean;
  reference: string;
  paidOn: string;
  dealMinor: string;
  amountMinor: string;
  currency: string;
  explanation: string;
  ruleName: string | null;
  kind: string;
};

/**
 * The approval queue: pick lines and approve them together, or reject one with a reason. A
 * manager's own lines cannot be picked (the database refuses them anyway).
 */
export function ApprovalQueue({
  slug,
  rows,
  canApprove,
}: {
  slug: string;
  rows: QueueRow[];
  canApprove: boolean;
}) {
  const [selected, setSelected] = React.useState<Set<string>>(new Set());
  const approvable = rows.filter((r) => !r.own);
  const toasting = useToastAction(approveCalculationsAction, {
    toastErrors: true,
    onSuccess: () => setSelected(new Set()),
  });
  const [, formAction] = React.useActionState(toasting, null);
  const all = approvable.length > 0 && approvable.every((r) => selected.has(r.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  // The approve form holds only hidden fields and its button: the table (with the reject dialogs'
  // own forms) sits beside it, as forms cannot nest.
  return (
    <div className="flex flex-col gap-3">
      {canApprove ? (
        <form action={formAction} className="flex flex-wrap items-center justify-between gap-2">
          <HiddenFields fields={{ organization: slug }} />
          {[...selected].map((id) => (
            <input key={id} type="hidden" name="ids[]" value={id} />
          ))}
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {selected.size ? `${selected.size} selected` : "Select commissions to approve them together."}
          </p>
          <SubmitButton disabled={!selected.size} pendingLabel="Approving…">
            <Check aria-hidden="true" />
            Approve selected
          </SubmitButton>
        </form>
      ) : null}
      <Table aria-label="Commissions waiting for approval">
        <TableHeader>
          <TableRow>
            {canApprove ? (
              <TableHead className="w-10">
                <Checkbox
                  aria-label="Select all"
                  checked={all}
                  disabled={!approvable.length}
                  onChange={(e) =>
                    setSelected(e.currentTarget.checked ? new Set(approvable.map((r) => r.id)) : new Set())
                  }
                />
              </TableHead>
            ) : null}
            <TableHead>Rep</TableHead>
            <TableHead>Deal</TableHead>
            <TableHead className="text-right">Commission</TableHead>
            <TableHead className="min-w-72">How it was worked out</TableHead>
            {canApprove ? (
              <TableHead className="w-16">
                <span className="sr-only">Reject</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id}>
              {canApprove ? (
                <TableCell>
                  <Checkbox
                    aria-label={
                      r.own
                        ? `Your own commission on ${r.reference} (someone else approves it)`
                        : `Select ${r.teamMemberName}'s commission on ${r.reference}`
                    }
                    checked={selected.has(r.id)}
                    disabled={r.own}
                    onChange={(e) => toggle(r.id, e.currentTarget.checked)}
                  />
                </TableCell>
              ) : null}
              <TableCell className="font-medium">
                {r.teamMemberName}
                {r.own ? <div className="text-xs font-normal text-muted-foreground">your own</div> : null}
              </TableCell>
              <TableCell>
                <div>{r.reference}</div>
                <div className="text-xs text-muted-foreground tabular-nums">
                  {r.paidOn} · {formatMinor(BigInt(r.dealMinor), r.currency)}
                </div>
              </TableCell>
              <TableCell className="text-right font-medium whitespace-nowrap tabular-nums">
                {formatMinor(BigInt(r.amountMinor), r.currency)}
              </TableCell>
              <TableCell className="text-xs whitespace-pre-line text-muted-foreground">
                {r.explanation}
              </TableCell>
              {canApprove ? (
                <TableCell className="text-right">
                  {!r.own ? <RejectButton slug={slug} row={r} /> : null}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function RejectButton({ slug, row }: { slug: string; row: QueueRow }) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "ghost-destructive",
        size: "icon-sm",
        "aria-label": `Reject ${row.teamMemberName}'s commission on ${row.reference}`,
        children: <X aria-hidden="true" />,
      }}
      className="max-w-md"
      title={`Reject ${formatMinor(BigInt(row.amountMinor), row.currency)} for ${row.teamMemberName}?`}
      description="The rep sees the reason on their statement. You can put it back in the queue later."
      action={rejectCalculationAction}
      fields={{ organization: slug, id: row.id }}
      submitLabel="Reject commission"
      pendingLabel="Rejecting…"
      variant="destructive"
    >
      {(form) => (
        <FormField name="reason" label="Reason" error={form.fieldError("reason")} required>
          <Textarea rows={3} defaultValue={form.value("reason")} />
        </FormField>
      )}
    </ActionDialogButton>
  );
}
