"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { notificationIdSchema } from "@/lib/executions/action-schemas";
import { z } from "zod";
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
  schema: z.object({}),
  permission: null,
  async handler({ claims, org }) {
    return { marked: await markAllNotificationsRead(claims, org.organization.id) };
  },
});
