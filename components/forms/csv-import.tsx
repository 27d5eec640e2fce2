"use client";

import * as React from "react";
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
import type { FormAction } from "@/lib/actions/action";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a CSV import action returns: how many rows went in, and each refused line with why. */
export type CsvImportOutcome = {
  imported: number;
  /** Rows skipped because they were already imported, where the import knows that. */
  duplicates?: number;
  errors: { row: number; messages: string[] }[];
};

export type CsvImportCardProps<T extends CsvImportOutcome> = {
  slug: string;
  /** An org action taking `organization` and either a `file` or pasted `csv`. */
  action: FormAction<T>;
  /** What one row is, singular and plural: ["team member", "team members"]. */
  noun: readonly [one: string, many: string];
  /** The expected columns, shown under the title. */
  description: React.ReactNode;
  /** Example rows for the paste box. */
  placeholder: string;
  templateHref: string;
  /** Ask the person to fix the refused lines and import just those again. */
  suggestReimport?: boolean;
};

/**
 * Import rows from a CSV file or pasted text. Valid rows are imported; every refused row is listed
 * with its line number and why.
 */
export function CsvImportCard<T extends CsvImportOutcome>({
  slug,
  action,
  noun,
  description,
  placeholder,
  templateHref,
  suggestReimport = false,
}: CsvImportCardProps<T>) {
  const [one, many] = noun;
  const form = useActionForm(action, {
    onSuccess: (result) => {
      if (result.imported > 0) toast.success(`Imported ${plural(result.imported, one, many)}.`);
    },
  });
  const result = form.result?.ok ? form.result.data : null;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Import from CSV</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-5">
          <input type="hidden" name="organization" value={slug} />
          <FormAlert result={form.result} />
          {result ? (
            <ImportResult
              imported={result.imported}
              duplicates={result.duplicates}
              errors={result.errors}
              noun={noun}
              suggestReimport={suggestReimport}
            />
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
              placeholder={placeholder}
              defaultValue={form.result?.ok ? "" : form.value("csv")}
            />
          </FormField>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
            <Button asChild variant="ghost">
              <a href={templateHref} download>
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

function ImportResult({
  imported,
  duplicates,
  errors,
  noun: [one, many],
  suggestReimport,
}: CsvImportOutcome & { noun: readonly [string, string]; suggestReimport: boolean }) {
  return (
    <div className="flex flex-col gap-3">
      <Alert
        variant={errors.length === 0 ? "success" : imported > 0 ? "warning" : "error"}
        title={`Imported ${plural(imported, one, many)}${duplicates ? `; ${duplicates} already there` : ""}.`}
      >
        {errors.length > 0
          ? `${plural(errors.length, "line was", "lines were")} not imported.${suggestReimport ? ` Fix ${errors.length === 1 ? "it" : "them"} and import just those lines again.` : ""}`
          : null}
      </Alert>
      {errors.length > 0 ? (
        <Table aria-label="Lines that were not imported">
          <TableHeader>
            <TableRow>
              <TableHead className="w-16">Line</TableHead>
              <TableHead>Problem</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {errors.map((error) => (
              <TableRow key={error.row}>
                <TableCell className="align-top font-mono tabular-nums">{error.row}</TableCell>
                <TableCell>
                  <ul className="flex flex-col gap-0.5">
                    {error.messages.map((message, i) => (
                      <li key={i}>{message}</li>
                    ))}
                  </ul>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}
