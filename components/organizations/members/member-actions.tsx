"use client";

import * as React from "react";
import { Crown, DoorOpen, Ellipsis, PauseCircle, PlayCircle, UserCog, UserMinus } from "lucide-react";
import { ActionDialog } from "@/components/forms/action-dialog";
import { RoleSelect } from "@/components/organizations/members/role-select";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { FormField } from "@/components/ui/form-field";
import {
  changeMemberRoleAction,
  leaveOrganizationAction,
  removeMemberAction,
  setMemberSuspendedAction,
  transferOwnershipAction,
} from "@/lib/organizations/actions/members";
import {
  memberActionsFor,
  type MemberAction,
  type MemberSummary,
  type Viewer,
} from "@/lib/organizations/member-actions";
import { ASSIGNABLE_ROLES, ROLES, roleDescriptions, type Role } from "@/lib/organizations/schema";

/** The "…" menu at the end of a member's row, and the dialogs its items open. */
export function MemberActions({
  slug,
  member,
  viewer,
}: {
  slug: string;
  member: MemberSummary;
  viewer: Viewer;
}) {
  const [open, setOpen] = React.useState<MemberAction | null>(null);
  const triggerRef = React.useRef<HTMLButtonElement>(null);
  // The dialog opens once the menu has closed and let go of the focus, so the dialog gets it.
  const chosen = React.useRef<MemberAction | null>(null);
  const actions = memberActionsFor(member, viewer);
  if (actions.size === 0) return null;

  const suspended = member.status === "suspended";
  const fields = { organization: slug, member_id: member.id };
  const onOpenChange = (kind: MemberAction) => (next: boolean) => setOpen(next ? kind : null);

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          ref={triggerRef}
          aria-label={`Actions for ${member.name}`}
          className="flex size-8 items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[state=open]:bg-accent"
        >
          <Ellipsis className="size-4" aria-hidden="true" />
        </DropdownMenuTrigger>
        <DropdownMenuContent
          align="end"
          className="w-56"
          onCloseAutoFocus={(e) => {
            if (!chosen.current) return;
            e.preventDefault();
            setOpen(chosen.current);
            chosen.current = null;
          }}
        >
          {actions.has("role") ? (
            <DropdownMenuItem onSelect={() => (chosen.current = "role")}>
              <UserCog aria-hidden="true" />
              Change role
            </DropdownMenuItem>
          ) : null}
          {actions.has("suspend") ? (
            <DropdownMenuItem onSelect={() => (chosen.current = "suspend")}>
              {suspended ? <PlayCircle aria-hidden="true" /> : <PauseCircle aria-hidden="true" />}
              {suspended ? "Reactivate" : "Suspend"}
            </DropdownMenuItem>
          ) : null}
          {actions.has("owner") ? (
            <DropdownMenuItem onSelect={() => (chosen.current = "owner")}>
              <Crown aria-hidden="true" />
              Make owner
            </DropdownMenuItem>
          ) : null}
          {actions.has("remove") ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={() => (chosen.current = "remove")}>
                <UserMinus aria-hidden="true" />
                Remove from organization
              </DropdownMenuItem>
            </>
          ) : null}
          {actions.has("leave") ? (
            <DropdownMenuItem variant="destructive" onSelect={() => (chosen.current = "leave")}>
              <DoorOpen aria-hidden="true" />
              Leave organization
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>

      <ActionDialog
        open={open === "role"}
        onOpenChange={onOpenChange("role")}
        returnFocusRef={triggerRef}
        fields={fields}
        title={`Change ${member.name}'s role`}
        description="Their access changes at once, on every page they open next."
        action={changeMemberRoleAction}
        submitLabel="Change role"
        pendingLabel="Changing…"
      >
        {(form) => (
          <RoleField
            roles={viewer.role === "owner" ? ROLES : ASSIGNABLE_ROLES}
            current={member.role}
            error={form.fieldError("role")}
          />
        )}
      </ActionDialog>

      <ActionDialog
        open={open === "suspend"}
        onOpenChange={onOpenChange("suspend")}
        returnFocusRef={triggerRef}
        fields={{ ...fields, suspended: String(!suspended) }}
        title={suspended ? `Reactivate ${member.name}?` : `Suspend ${member.name}?`}
        description={
          suspended
            ? "They can open the organization again, with the role they had."
            : "They keep their seat and role but can't open the organization until you reactivate them."
        }
        action={setMemberSuspendedAction}
        submitLabel={suspended ? "Reactivate" : "Suspend"}
        variant={suspended ? "default" : "destructive"}
      />

      <ActionDialog
        open={open === "owner"}
        onOpenChange={onOpenChange("owner")}
        returnFocusRef={triggerRef}
        fields={{ organization: slug, user_id: member.userId }}
        title={`Make ${member.name} the owner?`}
        description="They get full control of the organization, including deleting it. You stay on as an administrator and can't undo this yourself."
        action={transferOwnershipAction}
        submitLabel="Transfer ownership"
        pendingLabel="Transferring…"
        variant="destructive"
      />

      <ActionDialog
        open={open === "remove"}
        onOpenChange={onOpenChange("remove")}
        returnFocusRef={triggerRef}
        fields={fields}
        title={`Remove ${member.name}?`}
        description="They lose access to the organization at once. Their past changes stay in the audit log. You can invite them again later."
        action={removeMemberAction}
        submitLabel="Remove member"
        pendingLabel="Removing…"
        variant="destructive"
      />

      <ActionDialog
        open={open === "leave"}
        onOpenChange={onOpenChange("leave")}
        returnFocusRef={triggerRef}
        {...leaveDialogProps(slug, viewer.role === "owner")}
      />
    </>
  );
}

function RoleField({ roles, current, error }: { roles: readonly Role[]; current: Role; error?: string }) {
  const [role, setRole] = React.useState<Role>(current);
  // Its own id: the page's invite form has a "role" field too.
  const id = React.useId();
  return (
    <FormField name="role" id={id} label="Role" hint={roleDescriptions[role]} error={error}>
      <RoleSelect roles={roles} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} />
    </FormField>
  );
}

/** Leaving is final: the confirmation explains the last-owner rule before it can bite. */
export function leaveDialogProps(slug: string, isOwner: boolean) {
  return {
    fields: { organization: slug },
    title: "Leave this organization?",
    description: isOwner
      ? "You lose access at once. An organization always needs an active owner: if you're the only one, make someone else an owner first."
      : "You lose access at once. To come back, someone will have to invite you again.",
    action: leaveOrganizationAction,
    submitLabel: "Leave organization",
    pendingLabel: "Leaving…",
    variant: "destructive",
  } as const;
}
