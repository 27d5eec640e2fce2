import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import type { BlueprintVariable, VariableType } from "./manifest";

/**
 * The values an installing organization gives a blueprint's variables, checked by type: a GHL
 * location or calendar id is GHL's shape (letters and digits), an email an email, a web address
 * http(s). Field errors are keyed `var.<key>` (the form field names) so the install dialog shows each under its field.
 */

const idLike = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "Letters, digits, - and _ only (as GoHighLevel shows the id).");

const byType: Record<VariableType, z.ZodType<string>> = {
  text: z.string().max(500, "Use at most 500 characters."),
  ghl_location_id: idLike,
  ghl_calendar_id: idLike,
  email: z.email("Enter an email address.").max(320),
  url: z
    .url({ protocol: /^https?$/, error: "Enter a web address starting with https://." })
    .max(2000, "Use at most 2,000 characters."),
  number: z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, "Enter a number."),
};

export const variableValuesSchema = z
  .record(z.string().max(40), z.string().max(2000))
  .refine((v) => Object.keys(v).length <= 50, "Too many variables.");

export function checkVariableValues(
  declared: readonly BlueprintVariable[],
  given: Record<string, string>,
): { ok: true; values: Record<string, string> } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const values: Record<string, string> = {};
  for (const v of declared) {
    const raw = (given[v.key] ?? "").trim();
    if (!raw) {
      if (v.required) fields[`var.${v.key}`] = [`Enter ${v.label}.`];
      values[v.key] = "";
      continue;
    }
    const parsed = byType[v.type].safeParse(raw);
    if (parsed.success) values[v.key] = parsed.data;
    else fields[`var.${v.key}`] = [parsed.error.issues[0]!.message];
  }
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, values };
}
