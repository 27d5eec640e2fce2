import { z } from "zod";

/** Form schemas of the notification server actions (actions.ts: a "use server" module exports only functions). */

export const notificationIdSchema = z.object({ id: z.uuid("That notification could not be found.") });

/**
 * "Mark all read": up to the newest notification the user was shown (its `created_at`), so one
 * that arrived after the menu was drawn stays unread. Without it, all of them.
 */
export const markAllReadSchema = z.object({
  until: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.iso.datetime({ offset: true, error: "That time could not be read." }).optional()),
});
