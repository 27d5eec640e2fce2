"use client";

import { Calculator } from "lucide-react";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { previewDealAction } from "@/lib/commissions/actions";
import { formatMinor } from "@/lib/commissions/money";
import { MemberOptions, type MemberOption } from "./member-options";

/** "A $12,000 deal by Ana in March pays …": the saved rules applied to a deal, after what the rep already sold that month. */
export function DealPreview({ slug, members }: { slug: string; members: MemberOption[] }) {
  const form = useActionForm(previewDealAction);
  const preview = form.result?.ok ? form.result.data : null;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Preview a deal</CardTitle>
        <CardDescription>
          What the saved rules would pay for a deal, counting what the rep already sold that month. Nothing is
          recorded.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form
          id={form.formId}
          action={form.formAction}
          noValidate
          className="grid gap-3 sm:grid-cols-[1fr_8rem_6rem_10rem_auto] sm:items-end"
        >
          <input type="hidden" name="organization" value={slug} />
          <FormField name="team_member_id" label="Rep" error={form.fieldError("team_member_id")}>
            <NativeSelect defaultValue={form.value("team_member_id", members[0]?.id ?? "")}>
              <MemberOptions members={members} />
            </NativeSelect>
          </FormField>
          <FormField name="amount" label="Deal" error={form.fieldError("amount")}>
            <Input inputMode="decimal" defaultValue={form.value("amount", "12000")} />
          </FormField>
          <FormField name="currency" label="Currency" error={form.fieldError("currency")}>
            <Input maxLength={3} className="uppercase" defaultValue={form.value("currency", "USD")} />
          </FormField>
          <FormField name="date" label="Paid on" error={form.fieldError("date")}>
            <Input type="date" defaultValue={form.value("date", today)} />
          </FormField>
          <SubmitButton pendingLabel="Working out…">
            <Calculator aria-hidden="true" />
            Preview
          </SubmitButton>
        </form>
        {form.result && !form.result.ok ? <FormAlert result={form.result} /> : null}
        {preview ? (
          <div aria-live="polite" className="flex flex-col gap-2 rounded-lg bg-muted/50 p-3">
            <p className="font-medium">{preview.sentence}</p>
            <ul className="flex flex-col gap-1 text-sm text-muted-foreground">
              {preview.lines.map((l, i) => (
                <li key={i}>
                  {l.teamMemberName}: {formatMinor(BigInt(l.amountMinor), preview.currency)} — {l.explanation}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
