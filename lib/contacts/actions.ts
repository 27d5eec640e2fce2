"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { withFlash } from "@/lib/flash";
import { createContact, deleteContact, importContactRows, mergeContacts, updateContact } from "./contacts";
import {
  contactFieldsSchema,
  deleteContactSchema,
  importBatchSchema,
  mergeContactsSchema,
  updateContactSchema,
  type ImportBatchResult,
} from "./schemas";

/** The contacts pages after a change: the list and every contact's page. */
function revalidateContacts(slug: string): void {
  revalidatePath(`/o/${slug}/contacts`, "layout");
}

export const createContactAction = defineOrgAction({
  schema: contactFieldsSchema,
  permission: ["contacts", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const id = await createContact(tx, org.organization.id, input);
    revalidateContacts(org.organization.slug);
    return { id };
  },
  successMessage: "Contact added.",
});

export const updateContactAction = defineOrgAction({
  schema: updateContactSchema,
  permission: ["contacts", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const { id, ...fields } = input;
    await updateContact(tx, org.organization.id, id, fields);
    revalidateContacts(org.organization.slug);
  },
  successMessage: "Contact saved.",
});

/** Deletes the contact and goes back to the list (its own page is gone). */
export const deleteContactAction = defineOrgAction({
  schema: deleteContactSchema,
  permission: ["contacts", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteContact(tx, org.organization.id, input.id);
    revalidateContacts(org.organization.slug);
    if (input.redirect_to_list)
      redirect(withFlash(`/o/${org.organization.slug}/contacts`, "contact-deleted"));
  },
  successMessage: "Contact deleted.",
});

export const mergeContactsAction = defineOrgAction({
  schema: mergeContactsSchema,
  permission: ["contacts", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    const id = await mergeContacts(tx, org.organization.id, {
      primaryId: input.primary_id,
      duplicateIds: input.duplicate_ids,
    });
    revalidateContacts(org.organization.slug);
    return { id, merged: input.duplicate_ids.length };
  },
  successMessage: ({ merged }) => `Merged ${merged} ${merged === 1 ? "contact" : "contacts"} into one.`,
});

/** One batch of a CSV import (the browser sends the file in batches and shows progress). */
export const importContactsAction = defineOrgAction({
  schema: importBatchSchema,
  permission: ["contacts", "create"],
  transaction: true,
  async handler({ input, tx, org }): Promise<ImportBatchResult> {
    const result = await importContactRows(tx, org.organization.id, {
      rows: input.rows,
      firstLine: input.first_line,
      tags: input.tags,
    });
    if (result.created + result.updated > 0) revalidateContacts(org.organization.slug);
    return result;
  },
});
