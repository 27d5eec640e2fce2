"use client";

import { Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { ContactFields, emptyContact, type ContactValues } from "@/components/contacts/contact-fields";
import { createContactAction, deleteContactAction, updateContactAction } from "@/lib/contacts/actions";

/** "Add contact": a button and the dialog with the form; the new contact's page opens after. */
export function AddContactButton({ slug, variant }: { slug: string; variant?: "default" | "outline" }) {
  const router = useRouter();
  return (
    <ActionDialogButton
      trigger={{
        variant,
        children: (
          <>
            <Plus aria-hidden="true" />
            Add contact
          </>
        ),
      }}
      className="max-w-lg"
      title="Add a contact"
      description="A lead or customer: give at least a name, an email or a phone number."
      action={createContactAction}
      fields={{ organization: slug }}
      submitLabel="Add contact"
      pendingLabel="Adding…"
      onSuccess={({ id }) => router.push(`/o/${slug}/contacts/${id}`)}
    >
      {(form) => <ContactFields form={form} values={emptyContact} />}
    </ActionDialogButton>
  );
}

export function EditContactButton({ slug, id, values }: { slug: string; id: string; values: ContactValues }) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "outline",
        children: (
          <>
            <Pencil aria-hidden="true" />
            Edit
          </>
        ),
      }}
      className="max-w-lg"
      title="Edit contact"
      action={updateContactAction}
      fields={{ organization: slug, id }}
      submitLabel="Save changes"
      pendingLabel="Saving…"
    >
      {(form) => <ContactFields form={form} values={values} />}
    </ActionDialogButton>
  );
}

/** Deleting asks first; from the contact's page it goes back to the list. */
export function DeleteContactButton({ slug, id, name }: { slug: string; id: string; name: string }) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "ghost-destructive",
        children: (
          <>
            <Trash2 aria-hidden="true" />
            Delete
          </>
        ),
      }}
      title={`Delete ${name}?`}
      description="The contact is deleted for good. Their conversations and sales stay, without a contact."
      action={deleteContactAction}
      fields={{ organization: slug, id, redirect_to_list: "1" }}
      submitLabel="Delete contact"
      pendingLabel="Deleting…"
      variant="destructive"
    />
  );
}
