"use client";

import { NativeSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { IMPORT_FIELDS, type ImportField } from "@/lib/contacts/schemas";
import type { CsvTable } from "@/lib/contacts/csv";

const FIELDS = Object.entries(IMPORT_FIELDS) as [ImportField, string][];
const PREVIEW_ROWS = 5;
const ERRORS_SHOWN = 200;

/** Why the mapping cannot be imported yet, or null. */
export function mappingProblem(mapping: (ImportField | null)[]): string | null {
  if (!mapping.some((f) => f === "first_name" || f === "last_name" || f === "email" || f === "phone"))
    return "Map at least one column to a name, an email or a phone number.";
  return null;
}

/** One select per column of the file (what it holds), over a preview of its first rows. */
export function ColumnMapping({
  table,
  mapping,
  onChange,
}: {
  table: CsvTable;
  mapping: (ImportField | null)[];
  onChange: (mapping: (ImportField | null)[]) => void;
}) {
  const set = (index: number, field: ImportField | null) =>
    // A field is held by one column: choosing it for this one frees it elsewhere.
    onChange(mapping.map((f, i) => (i === index ? field : f === field ? null : f)));
  return (
    <Table aria-label="Columns and preview">
      <TableHeader>
        <TableRow>
          {table.header.map((h, i) => (
            <TableHead key={i} className="min-w-40 align-top">
              <label className="grid gap-1.5 py-2">
                <span className="truncate text-xs text-muted-foreground">Column “{h || `#${i + 1}`}”</span>
                <NativeSelect
                  value={mapping[i] ?? ""}
                  onChange={(e) => set(i, (e.currentTarget.value || null) as ImportField | null)}
                >
                  <option value="">Don&apos;t import</option>
                  {FIELDS.map(([field, label]) => (
                    <option key={field} value={field}>
                      {label}
                    </option>
                  ))}
                </NativeSelect>
              </label>
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {table.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
          <TableRow key={r}>
            {table.header.map((_, i) => (
              <TableCell
                key={i}
                className={
                  mapping[i] ? "max-w-56 truncate" : "max-w-56 truncate text-muted-foreground line-through"
                }
              >
                {row[i] ?? ""}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ImportProgress({ sent, total }: { sent: number; total: number }) {
  const percent = total > 0 ? Math.round((sent / total) * 100) : 100;
  return (
    <div className="grid gap-2">
      <div className="flex justify-between text-sm">
        <span>{sent < total ? "Importing…" : "Done."}</span>
        <span className="text-muted-foreground tabular-nums">
          {sent} of {total} rows
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={sent}
        aria-valuetext={`${sent} of ${total} rows`}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** Each refused line with why (the first 200; the count says how many in all). */
export function ImportErrors({ errors }: { errors: { row: number; messages: string[] }[] }) {
  if (errors.length === 0) return null;
  return (
    <Table aria-label="Lines that were not imported">
      <TableHeader>
        <TableRow>
          <TableHead className="w-16">Line</TableHead>
          <TableHead>Problem</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {errors.slice(0, ERRORS_SHOWN).map((e) => (
          <TableRow key={e.row}>
            <TableCell className="align-top font-mono tabular-nums">{e.row}</TableCell>
            <TableCell>{e.messages.join(" ")}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
