import { z } from "zod";

/**
 * The organization's trash: what deleting a workflow moves there for 30 days (restorable, then
 * purged by a scheduled job). 20261207037100_trash.sql holds the rules.
 */

export const TRASH_KINDS = ["workflow"] as const;
export type TrashKind = (typeof TRASH_KINDS)[number];
export const TRASH_KIND_LABELS: Record<TrashKind, string> = { workflow: "Workflow" };
export const TRASH_DAYS = 30;

export const trashItemRefSchema = z.object({
  kind: z.enum(TRASH_KINDS, { error: "Unknown kind of item." }),
  id: z.uuid({ error: "That item is not in the trash." }),
});
export type TrashItemRef = z.infer<typeof trashItemRefSchema>;

export const trashItemSchema = z.object({
  kind: z.enum(TRASH_KINDS),
  id: z.uuid(),
  name: z.string(),
  detail: z.string().nullable(),
  deleted_at: z.date(),
  deleted_by_name: z.string().nullable(),
  purge_at: z.date(),
});
export type TrashItem = z.infer<typeof trashItemSchema>;
