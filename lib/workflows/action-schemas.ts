import { z } from "zod";
import { jsonFormField } from "@/lib/http/input-limits";
import { workflowDefinitionSchema } from "./definition";
import { workflowDescriptionSchema, workflowNameSchema } from "./workflows";

/**
 * Form schemas of the workflow server actions (actions.ts; a "use server" module may export only
 * async functions). Every form also carries the hidden `organization` field defineOrgAction reads.
 */

const id = (message = "That workflow could not be found.") => z.uuid(message);

/** The most JSON one definition may be when sent from the builder. */
export const MAX_DEFINITION_CHARS = 900_000;

/**
 * A definition sent as JSON text in a form field: size and nesting capped (lib/http/input-limits)
 * before it is parsed, then checked against the definition schema.
 */
export const definitionField = jsonFormField({
  maxChars: MAX_DEFINITION_CHARS,
  missing: "The workflow was not sent.",
  tooLarge: "This workflow is too large to save (at most about 900 KB).",
  invalid: "The workflow was not sent as valid JSON.",
}).pipe(workflowDefinitionSchema);

const expectedVersion = z.coerce.number({ error: "The draft's version is missing." }).int().positive();

export const UNTITLED_WORKFLOW = "Untitled workflow";

/** The name may be left empty: a template's own name (or "Untitled workflow") is used then. */
export const createWorkflowSchema = z.object({
  name: z.string().trim().max(200, "Use at most 200 characters.").default(""),
  description: workflowDescriptionSchema,
  template_id: z
    .union([z.literal(""), z.uuid("That template could not be found.")])
    .optional()
    .transform((v) => v || undefined),
});

export const importWorkflowSchema = z.object({
  name: workflowNameSchema,
  description: workflowDescriptionSchema,
  definition: definitionField,
});

export const workflowIdSchema = z.object({ id: id() });
export const templateIdSchema = z.object({ id: id("That template could not be found.") });

export const saveDraftSchema = workflowIdSchema.extend({
  expected_version: expectedVersion,
  definition: definitionField,
});

export const renameWorkflowSchema = workflowIdSchema.extend({
  expected_version: expectedVersion,
  name: workflowNameSchema,
  description: workflowDescriptionSchema,
});

export const publishWorkflowSchema = saveDraftSchema.extend({
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().default(""),
});

export const restoreVersionSchema = workflowIdSchema.extend({
  expected_version: expectedVersion,
  version_id: id("That version could not be found."),
});

export const changeStatusSchema = workflowIdSchema.extend({
  change: z.enum(["pause", "resume", "archive", "restore"], { error: "Choose what to do." }),
});

export const saveAsTemplateSchema = workflowIdSchema.extend({
  name: workflowNameSchema,
  category: z
    .string()
    .trim()
    .min(1, "Enter a category.")
    .max(60, "Use at most 60 characters.")
    .default("General"),
  description: workflowDescriptionSchema,
});
