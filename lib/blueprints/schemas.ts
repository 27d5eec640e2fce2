import { z } from "zod";
import { jsonFormField } from "@/lib/http/input-limits";
import { ITEM_KINDS, variableSchema, VARIABLE_TYPES } from "./manifest";
import { variableValuesSchema } from "./variables";

/** What the blueprint forms accept and what the blueprint reads return. */

export const BLUEPRINT_CATEGORIES = {
  lead_generation: "Lead generation",
  sales: "Sales",
  support: "Support",
  marketing: "Marketing",
  operations: "Operations",
  other: "Other",
} as const;
export type BlueprintCategory = keyof typeof BLUEPRINT_CATEGORIES;
const categories = Object.keys(BLUEPRINT_CATEGORIES) as [BlueprintCategory, ...BlueprintCategory[]];

export const KIND_LABELS = {
  agent: "Agent",
  workflow: "Workflow",
  bot: "Chatbot",
  commission_plan: "Commission plan",
} as const;
export { ITEM_KINDS, VARIABLE_TYPES };

export const SEMVER = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;

export const blueprintFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name the blueprint.").max(120, "Use at most 120 characters."),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Lower-case letters, digits and dashes (e.g. lead-follow-up)."),
  description: z.string().trim().max(4000, "Use at most 4,000 characters.").default(""),
  category: z.enum(categories, { error: "Choose a category." }).default("other"),
  visibility: z.enum(["private", "public"], { error: "Choose private or public." }).default("private"),
});
export type BlueprintFields = z.output<typeof blueprintFieldsSchema>;

const ids = z.array(z.uuid({ error: "Unknown item." })).max(200, "At most 200 items of a kind.");

export const publishSourceSchema = z.union([
  z.object({ project_id: z.uuid({ error: "Unknown project." }) }),
  z.object({
    workflows: ids.default([]),
    bots: ids.default([]),
    agents: ids.default([]),
    commission_plans: ids.default([]),
  }),
]);
export type PublishSource = z.output<typeof publishSourceSchema>;

export const publishVersionSchema = z.object({
  version: z.string().trim().regex(SEMVER, "A version such as 1.0.0 (major.minor.patch)."),
  changelog: z.string().trim().max(10_000, "Use at most 10,000 characters.").default(""),
  variables: z.array(variableSchema).max(30, "At most 30 variables.").default([]),
  /** Commission plans have no project: they are chosen beside it. */
  commission_plans: ids.default([]),
});
export type PublishVersionInput = z.output<typeof publishVersionSchema>;

/** The publish form: a new blueprint or a new version of one, from a project. */
export const publishFormSchema = z.object({
  project_id: z.uuid({ error: "Unknown project." }),
  blueprint_id: z.union([z.literal(""), z.uuid()]).default(""),
  name: z.string().trim().max(120).default(""),
  slug: z.string().trim().max(63).default(""),
  description: z.string().trim().max(4000).default(""),
  category: z.enum(categories).default("other"),
  visibility: z.enum(["private", "public"]).default("private"),
  version: publishVersionSchema.shape.version,
  changelog: publishVersionSchema.shape.changelog,
  variables: jsonFormField({
    maxChars: 20_000,
    maxDepth: 4,
    missing: "The variables are missing.",
    tooLarge: "Too many variables.",
    invalid: "The variables are not valid.",
  }).pipe(z.array(variableSchema).max(30, "At most 30 variables.")),
});

export const installSchema = z.object({
  version_id: z.uuid({ error: "Unknown blueprint version." }),
  variables: variableValuesSchema.default({}),
});

export const updateInstallSchema = z.object({
  install_id: z.uuid({ error: "Unknown install." }),
  version_id: z.uuid({ error: "Unknown blueprint version." }),
  variables: variableValuesSchema.default({}),
  /** Keys of items edited here that the member chose to replace with the new version anyway. */
  replace: z.array(z.string().max(200)).max(500).default([]),
});

export const uninstallSchema = z.object({
  install_id: z.uuid({ error: "Unknown install." }),
  edited: z.enum(["keep", "remove"]).default("keep"),
  /** "list": back to the blueprints page afterwards (the install's own page is gone). */
  after: z.enum(["stay", "list"]).default("stay"),
});

export const blueprintRowSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  publisher_name: z.string().nullable(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.enum(categories),
  visibility: z.enum(["private", "public"]),
  moderation_status: z.enum(["pending", "approved", "rejected"]),
  downloads: z.number().int(),
  latest_version: z.string().nullable(),
  latest_version_id: z.uuid().nullable(),
  updated_at: z.date(),
});
export type BlueprintRow = z.infer<typeof blueprintRowSchema>;

export const versionRowSchema = z.object({
  id: z.uuid(),
  blueprint_id: z.uuid(),
  version: z.string(),
  changelog: z.string(),
  summary: z.record(z.string(), z.number()),
  created_at: z.date(),
});
export type VersionRow = z.infer<typeof versionRowSchema>;

export const installRowSchema = z.object({
  id: z.uuid(),
  blueprint_id: z.uuid().nullable(),
  blueprint_version_id: z.uuid().nullable(),
  blueprint_name: z.string(),
  version: z.string(),
  variables: z.record(z.string(), z.string()),
  installed_at: z.date(),
  updated_at: z.date(),
  items: z.number().int(),
  latest_version: z.string().nullable(),
  latest_version_id: z.uuid().nullable(),
});
export type InstallRow = z.infer<typeof installRowSchema>;

export const installedItemRowSchema = z.object({
  manifest_key: z.string(),
  kind: z.enum(ITEM_KINDS),
  item_id: z.uuid(),
  content_hash: z.string(),
  source_hash: z.string(),
});
export type InstalledItemRow = z.infer<typeof installedItemRowSchema>;
