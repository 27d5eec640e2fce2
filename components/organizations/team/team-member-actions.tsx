"use client";

import { Pencil, Plus, Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import {
  emptyTeamMember,
  TeamMemberFields,
  type LoginOption,
  type TeamMemberValues,
} from "@/components/organizations/team/team-member-fields";
import {
  createTeamMemberAction,
  deleteTeamMemberAction,
  updateTeamMemberAction,
} from "@/lib/organizations/actions/team";

/** "Add team member": a button and the dialog with the form. */
export function AddTeamMemberButton({ slug, logins }: { slug: string; logins: LoginOption[] | null }) {
  return (
    <ActionDialogButton
      trigger={{
        children: (
          <>
            <Plus aria-hidden="true" />
            Add team member
          </>
        ),
      }}
      className="max-w-lg"
      title="Add a team member"
      description="Someone who sells or supports for you, with or without an Orgflow login."
      action={createTeamMemberAction}
      fields={{ organization: slug }}
      submitLabel="Add team member"
      pendingLabel="Adding…"
    >
      {(form) => <TeamMemberFields form={form} values={emptyTeamMember} logins={logins} />}
    </ActionDialogButton>
  );
}

/** Edit and delete buttons at the end of a team member's row. */
export function TeamMemberActions({
  slug,
  id,
  values,
  logins,
  canUpdate,
  canDelete,
}: {
  slug: string;
  id: string;
  values: TeamMemberValues;
  logins: LoginOption[] | null;
  canUpdate: boolean;
  canDelete: boolean;
}) {
  const fields = { organization: slug, id };
  return (
    <div className="flex justify-end gap-1">
      {canUpdate ? (
        <ActionDialogButton
          trigger={{
            variant: "ghost",
            size: "icon-sm",
            "aria-label": `Edit ${values.full_name}`,
            children: <Pencil aria-hidden="true" />,
          }}
          className="max-w-lg"
          title={`Edit ${values.full_name}`}
          action={updateTeamMemberAction}
          fields={fields}
          submitLabel="Save changes"
          pendingLabel="Saving…"
        >
          {(form) => <TeamMemberFields form={form} values={values} logins={logins} />}
        </ActionDialogButton>
      ) : null}
      {canDelete ? (
        <ActionDialogButton
          trigger={{
            variant: "ghost-destructive",
            size: "icon-sm",
            "aria-label": `Delete ${values.full_name}`,
            children: <Trash2 aria-hidden="true" />,
          }}
          title={`Delete ${values.full_name}?`}
          description="They are removed from the team for good. You can add them again later."
          action={deleteTeamMemberAction}
          fields={fields}
          submitLabel="Delete team member"
          pendingLabel="Deleting…"
          variant="destructive"
        />
      ) : null}
    </div>
  );
}
