import Papa from "papaparse";
import { toCsvLine } from "@/lib/utils/csv";
import {
  IMPORT_BATCH_CHARS,
  IMPORT_BATCH_ROWS,
  IMPORT_FIELDS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type Contact,
  type ImportField,
  type ImportRow,
} from "./schemas";

/**
 * Contacts CSV, both ways. Reading runs in the browser (the import preview) and in tests; the
 * server checks each mapped row again. Parsing is papaparse's (quotes, line breaks in cells,
 * delimiters other than commas, a byte-order mark).
 */

export type CsvTable = { header: string[]; rows: string[][] };
export type CsvReadResult = { ok: true; table: CsvTable } | { ok: false; message: string };

export function readContactsCsv(text: string): CsvReadResult {
  if (new TextEncoder().encode(text).length > IMPORT_MAX_BYTES)
    return { ok: false, message: "The file is larger than 2 MB. Split it and import the parts one by one." };
  const parsed = Papa.parse<string[]>(text, {
    skipEmptyLines: "greedy",
    // One row past the limit is enough to know the file is too long.
    preview: IMPORT_MAX_ROWS + 2,
  });
  const [header, ...rows] = parsed.data;
  if (!header || header.every((h) => h.trim() === ""))
    return { ok: false, message: "The file is empty. The first line must name the columns." };
  if (rows.length === 0)
    return { ok: false, message: "The file has a header line but no contacts under it." };
  if (rows.length > IMPORT_MAX_ROWS)
    return {
      ok: false,
      message: `The file has more than ${IMPORT_MAX_ROWS.toLocaleString("en-US")} rows. Split it and import the parts one by one.`,
    };
  const quoting = parsed.errors.find((e) => e.type === "Quotes");
  if (quoting)
    return { ok: false, message: `Line ${(quoting.row ?? 0) + 1} has a quote that is never closed.` };
  return { ok: true, table: { header: header.map((h) => h.trim()), rows } };
}

/** Column headers people use for each field, compared without case, spaces or punctuation. */
const ALIASES: Record<ImportField, string[]> = {
  first_name: ["firstname", "first", "givenname", "forename", "name"],
  last_name: ["lastname", "last", "surname", "familyname"],
  email: ["email", "emailaddress", "mail", "e-mail"],
  phone: ["phone", "phonenumber", "mobile", "cell", "telephone", "tel"],
  company_name: ["company", "companyname", "organization", "organisation", "business"],
  tags: ["tags", "tag", "labels"],
};

const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");

/** For each column, the field it most likely holds, or null. A field is taken by one column only. */
export function guessMapping(header: string[]): (ImportField | null)[] {
  const taken = new Set<ImportField>();
  return header.map((h) => {
    const key = squash(h);
    const field = (Object.keys(ALIASES) as ImportField[]).find(
      (f) => !taken.has(f) && (ALIASES[f].includes(key) || squash(f) === key),
    );
    if (!field) return null;
    taken.add(field);
    return field;
  });
}

/** The rows as the import sends them: each mapped column's cell under its field. */
export function mapRows(rows: string[][], mapping: (ImportField | null)[]): ImportRow[] {
  return rows.map((cells) => {
    const row: ImportRow = {};
    mapping.forEach((field, i) => {
      if (field) row[field] = undefuse((cells[i] ?? "").trim());
    });
    return row;
  });
}

/** Our export puts `'` before a cell that starts like a formula (`'+1 555`); reading takes it off. */
function undefuse(cell: string): string {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
}

/**
 * The rows in batches of at most `maxRows` rows and `maxChars` characters of JSON each (a server
 * action's body is capped at 1 MB), each with the file line of its first row (line 1 is the header).
 */
export function importBatches(
  rows: ImportRow[],
  maxRows: number = IMPORT_BATCH_ROWS,
  maxChars: number = IMPORT_BATCH_CHARS,
): { firstLine: number; json: string; count: number }[] {
  const batches: { firstLine: number; json: string; count: number }[] = [];
  let start = 0;
  let parts: string[] = [];
  let size = 2;
  const flush = () => {
    if (parts.length === 0) return;
    batches.push({ firstLine: start + 2, json: `[${parts.join(",")}]`, count: parts.length });
    start += parts.length;
    parts = [];
    size = 2;
  };
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (parts.length >= maxRows || (parts.length > 0 && size + json.length + 1 > maxChars)) flush();
    parts.push(json);
    size += json.length + 1;
  }
  flush();
  return batches;
}

export const EXPORT_COLUMNS = [
  ...(Object.keys(IMPORT_FIELDS) as ImportField[]),
  "source",
  "ghl_contact_id",
  "created_at",
] as const;

/** The export: a header line, then one line per contact (cells defused against formulas). */
export function contactsToCsv(contacts: Contact[]): string {
  const lines = [EXPORT_COLUMNS.join(",")];
  for (const c of contacts) {
    lines.push(
      toCsvLine([
        c.first_name,
        c.last_name,
        c.email,
        c.phone,
        c.company_name,
        c.tags.join(", "),
        c.source,
        c.ghl_contact_id,
        c.created_at.toISOString(),
      ]),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
