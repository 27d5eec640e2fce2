"use client";

import { Download, FileUp } from "lucide-react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { importTransactionsAction } from "@/lib/commissions/actions";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Import transactions from CSV: good rows are recorded, each bad one listed with its line and why. */
export function TransactionsImport({ slug }: { slug: string }) {
  const form = useActionForm(importTransactionsAction, {
    onSuccess: (r) => {
      if (r.imported > 0) toast.success(`Imported ${plural(r.imported, "transaction", "transactions")}.`);
    },
  });
  const result = form.result?.ok ? form.result.data : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Import from CSV</CardTitle>
        <CardDescription>
          Header line: external_id, amount, currency, paid_at (YYYY-MM-DD), rep (a team member&apos;s email,
          GHL user id or name), description, opportunity_id. Rows already imported (same external_id) are
          skipped.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-5">
          <input type="hidden" name="organization" value={slug} />
          <FormAlert result={form.result} />
          {result ? (
            <div className="flex flex-col gap-3">
              <Alert
                variant={result.errors.length === 0 ? "success" : result.imported > 0 ? "warning" : "error"}
                title={`Imported ${plural(result.imported, "transaction", "transactions")}${result.duplicates ? `; ${result.duplicates} already there` : ""}.`}
              >
                {result.errors.length > 0
                  ? `${plural(result.errors.length, "line was", "lines were")} not imported.`
                  : null}
              </Alert>
              {result.errors.length > 0 ? (
                <Table aria-label="Lines that were not imported">
                  <TableHeader>
                    <TableRow>
                      <TableHead className="w-16">Line</TableHead>
                      <TableHead>Problem</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {result.errors.map((e) => (
                      <TableRow key={e.row}>
                        <TableCell className="align-top font-mono tabular-nums">{e.row}</TableCell>
                        <TableCell>
                          <ul className="flex flex-col gap-0.5">
                            {e.messages.map((m, i) => (
                              <li key={i}>{m}</li>
                            ))}
                          </ul>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              ) : null}
            </div>
          ) : null}
          <FormField
            name="file"
            label="CSV file"
            error={form.fieldError("file")}
            hint="At most 2 MB (5,000 rows)."
          >
            <Input type="file" accept=".csv,text/csv" className="cursor-pointer pt-1.5" />
          </FormField>
          <FormField name="csv" label="Or paste the rows" optional error={form.fieldError("csv")}>
            <Textarea
              rows={4}
              spellCheck={false}
              className="font-mono text-xs"
              placeholder={
                "external_id,amount,currency,paid_at,rep\nINV-1001,12000,USD,2026-03-15,ana@example.com"
              }
              defaultValue={form.result?.ok ? "" : form.value("csv")}
            />
          </FormField>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
            <Button asChild variant="ghost">
              <a href={`/o/${slug}/commissions/transactions/template.csv`} download>
                <Download aria-hidden="true" />
                Download the template
              </a>
            </Button>
            <SubmitButton pendingLabel="Importing…">
              <FileUp aria-hidden="true" />
              Import
            </SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
