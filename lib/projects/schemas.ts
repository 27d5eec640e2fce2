import { z } from "zod";

/** Projects: what the forms send and what reads return. */

export const PROJECT_ITEM_KINDS = ["workflows", "bots", "agents"] as const;
export type ProjectItemKind = (typeof PROJECT_ITEM_KINDS)[number];
export const KIND_LABELS = { workflows: "Workflow", bots: "Chatbot", agents: "Agent" } as const;

export const projectFieldsSchema = z.object({
  name: z.string().trim().min(1, "Give the project a name.").max(120, "Use at most 120 characters."),
  description: z.string().trim().max(1000, "Use at most 1,000 characters.").default(""),
});
export type ProjectFields = z.output<typeof projectFieldsSchema>;

export const projectIdSchema = z.object({ id: z.uuid({ error: "Unknown project." }) });

export const projectArchiveSchema = projectIdSchema.extend({ archived: z.enum(["true", "false"]) });

/** Putting an item ("kind:id") into a project, or (project "") taking it out. */
export const projectItemSchema = z.object({
  item: z
    .string({ error: "Choose what to add." })
    .max(100)
    .transform((value, ctx) => {
      const [kind, id] = value.split(":");
      const parsed = z.object({ kind: z.enum(PROJECT_ITEM_KINDS), id: z.uuid() }).safeParse({ kind, id });
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "Choose what to add." });
        return z.NEVER;
      }
      return parsed.data;
    }),
  project: z.union([z.literal(""), z.uuid({ error: "Unknown project." })]),
});

export const projectRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  status: z.enum(["active", "archived"]),
  archived_at: z.coerce.date().nullable(),
  created_at: z.coerce.date(),
  workflows: z.coerce.number(),
  bots: z.coerce.number(),
  agents: z.coerce.number(),
});
export type Project = z.infer<typeof projectRowSchema>;

export const projectItemRowSchema = z.object({
  kind: z.enum(PROJECT_ITEM_KINDS),
  id: z.uuid(),
  name: z.string(),
  status: z.string(),
  project_id: z.uuid().nullable(),
});
export type ProjectItem = z.infer<typeof projectItemRowSchema>;
