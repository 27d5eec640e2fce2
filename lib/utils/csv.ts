/**
 * A small RFC 4180 CSV reader: quoted fields, escaped quotes (""), commas and line breaks inside
 * quotes, CRLF or LF line ends, and a UTF-8 byte-order mark. Returns rows of cells.
 */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === "") {
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += ch;
    }
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A cell a spreadsheet would read as a plain number (kept as it is, sign and all). */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What spreadsheets (Excel, LibreOffice, Google Sheets) start a formula or a DDE call with. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell of an export: a text starting like a formula gets a leading `'` so spreadsheets show it
 * as text instead of running it (OWASP's advice on CSV injection; `-2+3+cmd|' /C calc'!A0` starts
 * with a minus). Plain numbers, negative ones included, are left alone.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value == null) return "";
  let text = String(value);
  if (FORMULA_START.test(text) && !(typeof value === "number" || PLAIN_NUMBER.test(text))) text = `'${text}`;
  // Quoted on ";" and tab too: spreadsheets in locales that separate with ";" would split the cell
  // there, and a piece starting with "=" would then run as a formula.
  return /[",;\t\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line from cells, each through csvCell (quoted where needed, formulas defused). */
export function toCsvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",");
}
