import { z } from "zod";
import { installSchema, publishFormSchema, uninstallSchema, updateInstallSchema } from "./schemas";

/**
 * The blueprint forms' fields: a variable's value arrives as `var.<key>` (so its error shows under
 * its own field), gathered here into `variables` before the schema reads it.
 */
function gatherVariables(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const variables: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith("var.")) variables[k.slice(4)] = v;
    else rest[k] = v;
  }
  return { ...rest, variables };
}

export const installFormSchema = z.preprocess(gatherVariables, installSchema);
export const updateInstallFormSchema = z.preprocess((raw) => {
  const gathered = gatherVariables(raw) as Record<string, unknown> | null;
  if (gathered && typeof gathered.replace === "string") gathered.replace = [gathered.replace];
  return gathered;
}, updateInstallSchema);
export const uninstallFormSchema = uninstallSchema;
export { publishFormSchema };
