"use client";

import * as React from "react";
import Link from "next/link";
import { FileUp } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import {
  ColumnMapping,
  ImportErrors,
  ImportProgress,
  mappingProblem,
} from "@/components/contacts/import-parts";
import { importContactsAction } from "@/lib/contacts/actions";
import { guessMapping, importBatches, mapRows, readContactsCsv, type CsvTable } from "@/lib/contacts/csv";
import { IMPORT_MAX_BYTES, type ImportBatchResult, type ImportField } from "@/lib/contacts/schemas";

type Stage =
  | { kind: "pick"; problem?: string }
  | { kind: "map"; fileName: string; table: CsvTable }
  | {
      kind: "run";
      fileName: string;
      table: CsvTable;
      sent: number;
      totals: ImportBatchResult;
      stopped?: string;
    };

const noTotals = (): ImportBatchResult => ({ created: 0, updated: 0, errors: [] });

/**
 * CSV import in three steps: pick a file (read in the browser, at most 2 MB and 5,000 rows), map
 * its columns to contact fields with a preview of the first rows, then import in batches with a
 * progress bar. Rows whose email matches a contact update it; each refused row is listed with its
 * line and why.
 */
export function ContactsImport({ slug }: { slug: string }) {
  const [stage, setStage] = React.useState<Stage>({ kind: "pick" });
  const [mapping, setMapping] = React.useState<(ImportField | null)[]>([]);
  const [tags, setTags] = React.useState("");

  async function pick(file: File | undefined) {
    if (!file) return;
    if (file.size > IMPORT_MAX_BYTES)
      return setStage({
        kind: "pick",
        problem: "The file is larger than 2 MB. Split it and import the parts one by one.",
      });
    const read = readContactsCsv(await file.text());
    if (!read.ok) return setStage({ kind: "pick", problem: read.message });
    setMapping(guessMapping(read.table.header));
    setStage({ kind: "map", fileName: file.name, table: read.table });
  }

  async function run(fileName: string, table: CsvTable) {
    const totals = noTotals();
    let sent = 0;
    setStage({ kind: "run", fileName, table, sent, totals });
    for (const batch of importBatches(mapRows(table.rows, mapping))) {
      const form = new FormData();
      form.set("organization", slug);
      form.set("first_line", String(batch.firstLine));
      form.set("rows", batch.json);
      form.set("tags", tags);
      const result = await importContactsAction(null, form).catch(() => null);
      if (!result?.ok) {
        const why = result ? result.error.message : "The connection was lost.";
        const stopped = `Stopped at line ${batch.firstLine}: ${why} The lines before it were imported.`;
        return setStage({ kind: "run", fileName, table, sent, totals, stopped });
      }
      totals.created += result.data.created;
      totals.updated += result.data.updated;
      totals.errors.push(...result.data.errors);
      sent += batch.count;
      setStage({ kind: "run", fileName, table, sent, totals: { ...totals } });
    }
  }

  if (stage.kind === "pick")
    return (
      <div className="flex flex-col gap-4">
        {stage.problem ? (
          <Alert variant="error" title="This file cannot be imported.">
            {stage.problem}
          </Alert>
        ) : null}
        <FormField
          name="file"
          label="CSV file"
          hint="The first line names the columns (first name, last name, email, phone, company, tags). At most 2 MB and 5,000 rows."
        >
          <Input
            type="file"
            accept=".csv,text/csv"
            className="cursor-pointer pt-1.5"
            onChange={(e) => void pick(e.currentTarget.files?.[0])}
          />
        </FormField>
      </div>
    );

  if (stage.kind === "map") {
    const problem = mappingProblem(mapping);
    return (
      <div className="flex flex-col gap-5">
        <p className="text-sm text-muted-foreground">
          <span className="font-medium text-foreground">{stage.fileName}</span>: {stage.table.rows.length}{" "}
          {stage.table.rows.length === 1 ? "row" : "rows"}. Say what each column holds; the preview shows the
          first rows as they will be imported.
        </p>
        <ColumnMapping table={stage.table} mapping={mapping} onChange={setMapping} />
        <FormField
          name="import_tags"
          label="Tag every imported contact"
          optional
          hint="Separate tags with commas."
        >
          <Input
            value={tags}
            onChange={(e) => setTags(e.currentTarget.value)}
            maxLength={500}
            autoComplete="off"
          />
        </FormField>
        {problem ? <Alert variant="warning">{problem}</Alert> : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="outline" onClick={() => setStage({ kind: "pick" })}>
            Choose another file
          </Button>
          <Button disabled={Boolean(problem)} onClick={() => void run(stage.fileName, stage.table)}>
            <FileUp aria-hidden="true" />
            Import {stage.table.rows.length} {stage.table.rows.length === 1 ? "row" : "rows"}
          </Button>
        </div>
      </div>
    );
  }

  const total = stage.table.rows.length;
  const finished = stage.sent >= total || Boolean(stage.stopped);
  return (
    <div className="flex flex-col gap-5">
      <ImportProgress sent={stage.sent} total={total} />
      {stage.stopped ? (
        <Alert variant="error" title="The import stopped.">
          {stage.stopped}
        </Alert>
      ) : null}
      {finished ? (
        <>
          <Alert
            variant={stage.totals.errors.length === 0 && !stage.stopped ? "success" : "warning"}
            title={`Imported: ${stage.totals.created} new, ${stage.totals.updated} updated.`}
          >
            {stage.totals.errors.length > 0
              ? `${stage.totals.errors.length} ${stage.totals.errors.length === 1 ? "line was" : "lines were"} not imported. Fix them and import just those lines again.`
              : null}
          </Alert>
          <ImportErrors errors={stage.totals.errors} />
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => setStage({ kind: "pick" })}>
              Import another file
            </Button>
            <Button asChild>
              <Link href={`/o/${slug}/contacts`}>See the contacts</Link>
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
