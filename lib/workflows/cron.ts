/**
 * Standard 5-field cron expressions (minute hour day-of-month month day-of-week), as the queue's
 * scheduler reads them, plus the usual macros (@hourly, @daily …). Validation only, with messages
 * that say which field is wrong and why.
 */

type FieldSpec = { name: string; min: number; max: number; names?: readonly string[] };

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  // 0 and 7 are both Sunday.
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

export const CRON_MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** The expression with macros expanded, or null when it is not valid. */
export function normalizeCron(expression: string): string | null {
  return validateCron(expression)
    ? null
    : (CRON_MACROS[expression.trim().toLowerCase()] ?? expression.trim());
}

/** Null when `expression` is valid, else a message saying what is wrong. */
export function validateCron(expression: string): string | null {
  const text = expression.trim();
  if (text.startsWith("@")) {
    return Object.hasOwn(CRON_MACROS, text.toLowerCase())
      ? null
      : `Unknown shortcut "${text}". Use one of ${Object.keys(CRON_MACROS).join(", ")}.`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    return `A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${
      text === "" ? 0 : parts.length
    }.`;
  }
  for (let i = 0; i < 5; i++) {
    const problem = validateField(parts[i]!, FIELDS[i]!);
    if (problem) return `${capitalize(FIELDS[i]!.name)}: ${problem}`;
  }
  return null;
}

function validateField(field: string, spec: FieldSpec): string | null {
  for (const item of field.split(",")) {
    if (item === "") return "an empty item in a list.";
    const [range, step, extra] = item.split("/");
    if (extra !== undefined) return `"${item}" has more than one "/".`;
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step))
      return `"${step}" is not a valid step (use a number from 1).`;
    if (step !== undefined && Number(step) > spec.max) return `the step ${step} is larger than ${spec.max}.`;
    if (range === "*") continue;
    const bounds = range!.split("-");
    if (bounds.length > 2) return `"${range}" is not a valid range.`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = valueOf(bound, spec);
      if (value === null)
        return `"${bound}" is not a valid value (${spec.min}–${spec.max}${namesHint(spec)}).`;
      if (value < spec.min || value > spec.max) return `${value} is out of range ${spec.min}–${spec.max}.`;
      values.push(value);
    }
    if (values.length === 2 && values[0]! > values[1]!) return `the range ${range} goes backwards.`;
  }
  return null;
}

function valueOf(text: string, spec: FieldSpec): number | null {
  if (/^[0-9]{1,2}$/.test(text)) return Number(text);
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index === -1) return null;
  return spec.min + index;
}

const namesHint = (spec: FieldSpec) => (spec.names ? ` or ${spec.names[0]}–${spec.names.at(-1)}` : "");
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const pad = (n: string) => n.padStart(2, "0");

/** A short description of common schedules ("Weekdays at 09:00"), or null for the rest. */
export function describeCron(expression: string): string | null {
  const normalized = normalizeCron(expression);
  if (!normalized) return null;
  const [minute, hour, dom, month, dow] = normalized.split(/\s+/) as [string, string, string, string, string];
  const plain = /^[0-9]{1,2}$/;
  if (dom === "*" && month === "*" && dow === "*" && hour === "*") {
    if (minute === "*") return "Every minute";
    const every = /^\*\/([0-9]+)$/.exec(minute);
    if (every) return `Every ${every[1]} minutes`;
    if (plain.test(minute)) return minute === "0" ? "Every hour" : `Every hour at minute ${minute}`;
  }
  if (!plain.test(minute) || !plain.test(hour) || month !== "*") return null;
  const at = `at ${pad(hour)}:${pad(minute)}`;
  if (dom === "*" && dow === "*") return `Every day ${at}`;
  if (dom === "*" && (dow === "1-5" || dow.toUpperCase() === "MON-FRI")) return `Weekdays ${at}`;
  if (dom === "*" && /^[0-7]$/.test(dow)) {
    const day = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][
      Number(dow)
    ];
    return `Every ${day} ${at}`;
  }
  if (dow === "*" && plain.test(dom)) return `Monthly on day ${dom} ${at}`;
  return null;
}
