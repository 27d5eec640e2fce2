import { z } from "zod";
import { firstParam, isCalendarDay, type SearchParams } from "@/lib/utils/search-params";

/** Where a contact was first seen (the `contacts.source` check). */
export const CONTACT_SOURCES = {
  manual: "Added by hand",
  csv: "CSV import",
  chatbot: "Chatbot",
  ghl: "GoHighLevel",
  api: "API",
} as const;
export type ContactSource = keyof typeof CONTACT_SOURCES;
export const contactSourceSchema = z.enum(
  Object.keys(CONTACT_SOURCES) as [ContactSource, ...ContactSource[]],
);

export const TAG_MAX = 100;
export const TAGS_MAX = 100;

/** A contact as the pages show it, parsed from SQL. */
export const contactRowSchema = z.object({
  id: z.uuid(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company_name: z.string().nullable(),
  tags: z.array(z.string()),
  source: contactSourceSchema,
  ghl_contact_id: z.string().nullable(),
  merged_contact_ids: z.array(z.uuid()),
  created_at: z.date(),
  updated_at: z.date(),
});
export type Contact = z.infer<typeof contactRowSchema>;

/** "Ana Silva", else the email, else the phone: what a person calls the contact. */
export function contactName(c: Pick<Contact, "first_name" | "last_name" | "email" | "phone">): string {
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ").trim();
  return name || c.email || c.phone || "Unnamed contact";
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .transform((v) => (v === "" ? null : v))
    .nullish()
    .transform((v) => v ?? null);

/** "vip, roof repair" or an array → distinct, trimmed tags. */
export const tagListSchema = z
  .union([z.string().max(10_000), z.array(z.string().max(TAG_MAX * 2)).max(TAGS_MAX * 2)])
  .optional()
  .transform((v) => {
    const parts = Array.isArray(v) ? v : (v ?? "").split(",");
    return [...new Set(parts.map((t) => t.trim()).filter(Boolean))];
  })
  .pipe(
    z
      .array(z.string().max(TAG_MAX, `Each tag must be at most ${TAG_MAX} characters.`))
      .max(TAGS_MAX, `A contact can have at most ${TAGS_MAX} tags.`),
  );

/** A contact's editable fields, from the add / edit form or one CSV row. */
export const contactFieldsSchema = z
  .object({
    first_name: optionalText(200, "First name"),
    last_name: optionalText(200, "Last name"),
    email: z
      .string()
      .trim()
      .max(320, "Email must be at most 320 characters.")
      .nullish()
      .transform((v) => (v ? v.toLowerCase() : null))
      .pipe(z.email("Enter an email address like name@example.com.").nullable()),
    phone: z
      .string()
      .trim()
      .max(40, "Phone must be at most 40 characters.")
      .nullish()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || v.length >= 3, "Phone must be at least 3 characters."),
    company_name: optionalText(200, "Company"),
    tags: tagListSchema,
  })
  .refine((c) => c.first_name || c.last_name || c.email || c.phone, {
    message: "Give at least a name, an email or a phone number.",
    path: ["first_name"],
  });
export type ContactFields = z.output<typeof contactFieldsSchema>;

export const contactIdSchema = z.object({ id: z.uuid("This contact does not exist.") });

/** Deleting from the contact's own page goes back to the list afterwards. */
export const deleteContactSchema = contactIdSchema.extend({ redirect_to_list: z.literal("1").optional() });

export const updateContactSchema = z.intersection(contactIdSchema, contactFieldsSchema);

export const mergeContactsSchema = z.object({
  primary_id: z.uuid("Pick the contact to keep."),
  duplicate_ids: z
    .union([z.uuid(), z.array(z.uuid()).max(50, "Merge at most 50 contacts at a time.")])
    .transform((v) => (Array.isArray(v) ? v : [v])),
});

/** The columns a CSV can be mapped to. */
export const IMPORT_FIELDS = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  phone: "Phone",
  company_name: "Company",
  tags: "Tags",
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;
/** Rows per request: the browser sends a file in batches and shows progress between them. */
export const IMPORT_BATCH_ROWS = 250;
/** Characters of JSON per request: under the 1 MB a server action's body may have. */
export const IMPORT_BATCH_CHARS = 600_000;

const importRowSchema = z.partialRecord(
  z.enum(Object.keys(IMPORT_FIELDS) as [ImportField]),
  z.string().max(10_000),
);
export type ImportRow = z.infer<typeof importRowSchema>;

/** One batch of mapped rows; `first_line` is the file line of the first, for error messages. */
export const importBatchSchema = z.object({
  first_line: z.coerce
    .number()
    .int()
    .min(1)
    .max(IMPORT_MAX_ROWS + 1),
  rows: z
    .string()
    .max(IMPORT_BATCH_CHARS + 10_000, "Send fewer rows at a time.")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The rows could not be read." });
        return z.NEVER;
      }
    })
    .pipe(
      z
        .array(importRowSchema)
        .min(1)
        .max(IMPORT_BATCH_ROWS, `Send at most ${IMPORT_BATCH_ROWS} rows at a time.`),
    ),
  tags: tagListSchema,
});

export type ImportBatchResult = {
  created: number;
  updated: number;
  errors: { row: number; messages: string[] }[];
};

/** The list's filters, from the URL: anything odd is dropped rather than refused. */
export const contactFiltersSchema = z.object({
  query: z.string().trim().max(100).optional().catch(undefined),
  tag: z.string().trim().min(1).max(TAG_MAX).optional().catch(undefined),
  source: contactSourceSchema.optional().catch(undefined),
  from: z.string().refine(isCalendarDay).optional().catch(undefined),
  to: z.string().refine(isCalendarDay).optional().catch(undefined),
});
export type ContactFilters = z.output<typeof contactFiltersSchema>;

/** The filters of the list and the export, from the page's or the link's query (`?q=&tag=&source=&from=&to=`). */
export function contactFiltersFromSearch(search: SearchParams): ContactFilters {
  const value = (key: string) => firstParam(search[key]) || undefined;
  return contactFiltersSchema.parse({
    query: value("q"),
    tag: value("tag"),
    source: value("source"),
    from: value("from"),
    to: value("to"),
  });
}

/** The most one export holds; narrow the filters for more. */
export const EXPORT_MAX_ROWS = 50_000;
