"use server";

import { revalidatePath } from "next/cache";
import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { trashItemRefSchema, TRASH_KIND_LABELS } from "./schemas";
import { deleteFromTrash, restoreFromTrash } from "./trash";

/** The Trash page's actions; the wrapper only needs a member, the SQL checks `<resource>:delete`. */

export const restoreFromTrashAction = defineOrgAction({
  schema: trashItemRefSchema,
  permission: null,
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => restoreFromTrash(tx, org.organization.id, input));
    revalidatePath(`/o/${org.organization.slug}`, "layout");
    return input.kind;
  },
  successMessage: (kind) => `${TRASH_KIND_LABELS[kind]} restored, with everything it had.`,
});

export const deleteFromTrashAction = defineOrgAction({
  schema: trashItemRefSchema,
  permission: null,
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteFromTrash(tx, org.organization.id, input));
    revalidatePath(`/o/${org.organization.slug}/trash`);
  },
  successMessage: "Deleted for good.",
});
