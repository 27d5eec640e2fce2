import { z } from "zod";
import { INBOX_STATUSES } from "@/lib/chatbots/sessions";

/**
 * The inbox's own rows and inputs (lib/chatbots holds the conversations themselves): canned
 * replies, private notes, assignment and snoozing. Every form also carries the hidden
 * `organization` field.
 */

export const MAX_NOTE = 4000;
export const MAX_CANNED_REPLY = 4000;
export const MAX_CANNED_REPLIES = 500;

const sessionId = z.uuid("That conversation could not be found.");

export const cannedReplyRowSchema = z.object({
  id: z.uuid(),
  shortcut: z.string(),
  content: z.string(),
  updated_at: z.date(),
});
export type CannedReply = z.infer<typeof cannedReplyRowSchema>;

export const cannedReplyFieldsSchema = z.object({
  shortcut: z
    .string({ error: "Enter a shortcut." })
    .trim()
    .toLowerCase()
    .transform((v) => v.replace(/^\//, ""))
    .pipe(
      z
        .string()
        .min(1, "Enter a shortcut.")
        .max(40, "Use at most 40 characters.")
        .regex(/^[a-z0-9][a-z0-9_-]*$/, "Use letters, digits, - and _ only (for example: hours)."),
    ),
  content: z
    .string({ error: "Enter the reply." })
    .trim()
    .min(1, "Enter the reply.")
    .max(MAX_CANNED_REPLY, `Keep replies under ${MAX_CANNED_REPLY} characters.`),
});
export const cannedReplyUpdateSchema = cannedReplyFieldsSchema.extend({
  id: z.uuid("That canned reply could not be found."),
});
export const cannedReplyIdSchema = z.object({ id: z.uuid("That canned reply could not be found.") });

export const noteRowSchema = z.object({
  id: z.uuid(),
  author_user_id: z.uuid().nullable(),
  author_name: z.string(),
  content: z.string(),
  created_at: z.date(),
});
export type ConversationNote = z.infer<typeof noteRowSchema>;

export const noteSchema = z.object({
  session_id: sessionId,
  text: z
    .string({ error: "Write the note first." })
    .trim()
    .min(1, "Write the note first.")
    .max(MAX_NOTE, `Keep notes under ${MAX_NOTE} characters.`),
});

export const assignSchema = z.object({
  session_id: sessionId,
  /** A member's user id, or "" for nobody. */
  assignee: z.union([z.literal(""), z.uuid("Choose a member of the team.")]).default(""),
});

/** Until when: an ISO time from the browser (its own time zone), at most a year ahead. */
export const snoozeSchema = z.object({
  session_id: sessionId,
  until: z.iso
    .datetime({ offset: true, error: "Choose when the conversation should come back." })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now(), "Choose a time in the future.")
    .refine((d) => d.getTime() < Date.now() + 366 * 86_400_000, "Snooze for at most a year."),
});

export const sessionOnlySchema = z.object({ session_id: sessionId });

export const memberRowSchema = z.object({ user_id: z.uuid(), name: z.string() });
export type AssignableMember = z.infer<typeof memberRowSchema>;

/** The inbox page's and live feed's filters. */
export const inboxFiltersSchema = z.object({
  status: z.enum(["all", ...INBOX_STATUSES]).catch("open"),
  assignee: z.enum(["all", "mine", "unassigned"]).catch("all"),
  bot: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  session: z.uuid().optional().catch(undefined),
  after: z.coerce.number().int().min(0).catch(0),
});

export const waitingEmailSettingSchema = z.object({
  enabled: z
    .enum(["on", "off"])
    .optional()
    .transform((v) => v === "on"),
});
