"use server";

import { revalidatePath } from "next/cache";
import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import {
  addNote,
  assignConversation,
  createCannedReply,
  deleteCannedReply,
  reopenConversation,
  setWaitingEmail,
  snoozeConversation,
  updateCannedReply,
} from "./inbox";
import {
  assignSchema,
  cannedReplyFieldsSchema,
  cannedReplyIdSchema,
  cannedReplyUpdateSchema,
  noteSchema,
  sessionOnlySchema,
  snoozeSchema,
  waitingEmailSettingSchema,
} from "./schemas";

/** The inbox's server actions (replies, take-over and resolving are lib/chatbots/console-actions.ts). */

const cannedPath = (slug: string) => `/o/${slug}/inbox/canned-replies`;

export const assignAction = defineOrgAction({
  schema: assignSchema,
  permission: ["conversations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) =>
      assignConversation(tx, org.organization.id, input.session_id, input.assignee || null),
    );
    return { assignee: input.assignee || null };
  },
  successMessage: (r) => (r.assignee ? "Conversation assigned." : "Conversation unassigned."),
});

export const snoozeAction = defineOrgAction({
  schema: snoozeSchema,
  permission: ["conversations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) =>
      snoozeConversation(tx, org.organization.id, input.session_id, input.until),
    );
  },
  successMessage: "Snoozed: the conversation comes back when the time comes or the visitor writes.",
});

export const reopenAction = defineOrgAction({
  schema: sessionOnlySchema,
  permission: ["conversations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => reopenConversation(tx, org.organization.id, input.session_id));
  },
  successMessage: "Conversation open again.",
});

export const addNoteAction = defineOrgAction({
  schema: noteSchema,
  permission: ["conversations", "create"],
  async handler({ input, claims, org }) {
    return {
      id: await withUser(claims, (tx) => addNote(tx, org.organization.id, input.session_id, input.text)),
    };
  },
  successMessage: "Private note added.",
});

export const createCannedReplyAction = defineOrgAction({
  schema: cannedReplyFieldsSchema,
  permission: ["canned_replies", "create"],
  async handler({ input, claims, org }) {
    const id = await withUser(claims, (tx) => createCannedReply(tx, org.organization.id, input));
    revalidatePath(cannedPath(org.organization.slug));
    return { id };
  },
  successMessage: "Canned reply saved.",
});

export const updateCannedReplyAction = defineOrgAction({
  schema: cannedReplyUpdateSchema,
  permission: ["canned_replies", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => updateCannedReply(tx, org.organization.id, input.id, input));
    revalidatePath(cannedPath(org.organization.slug));
  },
  successMessage: "Canned reply saved.",
});

export const deleteCannedReplyAction = defineOrgAction({
  schema: cannedReplyIdSchema,
  permission: ["canned_replies", "delete"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteCannedReply(tx, org.organization.id, input.id));
    revalidatePath(cannedPath(org.organization.slug));
  },
  successMessage: "Canned reply deleted.",
});

export const setWaitingEmailAction = defineOrgAction({
  schema: waitingEmailSettingSchema,
  permission: ["conversations", "read"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => setWaitingEmail(tx, org.organization.id, claims.sub, input.enabled));
    return { enabled: input.enabled };
  },
  successMessage: (r) =>
    r.enabled
      ? "You will be emailed when a visitor waits for a person."
      : "No more emails when a visitor waits; the bell still tells you.",
});
