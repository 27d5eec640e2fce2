"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { markAllReadSchema, notificationIdSchema } from "./action-schemas";
import { markAllNotificationsRead, markNotificationRead } from "./notifications";

/** Any member may mark their own notifications read (RLS: only their own rows, only read_at). */
export const markNotificationReadAction = defineOrgAction({
  schema: notificationIdSchema,
  permission: null,
  async handler({ input, claims, org }) {
    await markNotificationRead(claims, org.organization.id, input.id);
  },
});

export const markAllNotificationsReadAction = defineOrgAction({
  schema: markAllReadSchema,
  permission: null,
  async handler({ input, claims, org }) {
    return { marked: await markAllNotificationsRead(claims, org.organization.id, input.until) };
  },
});
