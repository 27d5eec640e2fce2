"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineOrgAction } from "@/lib/actions/org-action";
import { AppError, asFieldError } from "@/lib/errors";
import { withFlash } from "@/lib/flash";
import { createInvitation, resendInvitation, revokeInvitation } from "../invitations";
import {
  changeMemberRole,
  leaveOrganization,
  removeMember,
  setMemberSuspended,
  transferOwnership,
} from "../members";
import { roleLabels } from "../schema";
import {
  changeMemberRoleSchema,
  invitationIdSchema,
  inviteMemberSchema,
  memberIdSchema,
  setMemberSuspendedSchema,
  transferOwnershipSchema,
} from "./schemas";
import { revalidateOrganization, revalidateShell } from "@/lib/http/revalidate";

export const inviteMemberAction = defineOrgAction({
  schema: inviteMemberSchema,
  permission: ["members", "create"],
  async handler({ input, claims, org }) {
    await createInvitation(claims, org.organization, input).catch((e: unknown) => asFieldError(e, "email"));
    revalidateOrganization(org.organization.slug);
    return { email: input.email };
  },
  successMessage: ({ email }) => `Invitation sent to ${email}.`,
});

export const resendInvitationAction = defineOrgAction({
  schema: invitationIdSchema,
  permission: ["members", "update"],
  transaction: true,
  async handler({ input, claims, tx, org, afterCommit }) {
    const sendMail = await resendInvitation(tx, org.organization, {
      invitationId: input.invitation_id,
      inviterEmail: claims.email,
    });
    afterCommit(sendMail);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "A new invitation link is on its way. The old link no longer works.",
});

export const revokeInvitationAction = defineOrgAction({
  schema: invitationIdSchema,
  permission: ["members", "update"],
  async handler({ input, claims, org }) {
    await revokeInvitation(claims, org.organization.id, input.invitation_id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Invitation revoked. Its link no longer works.",
});

export const changeMemberRoleAction = defineOrgAction({
  schema: changeMemberRoleSchema,
  permission: ["members", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    if (input.role === "owner" && org.role !== "owner") {
      throw new AppError("forbidden", "Only an owner can make someone an owner.");
    }
    await changeMemberRole(tx, org.organization.id, input.member_id, input.role);
    revalidateOrganization(org.organization.slug);
    return { role: input.role };
  },
  successMessage: ({ role }) => `Role changed to ${roleLabels[role]}.`,
});

export const setMemberSuspendedAction = defineOrgAction({
  schema: setMemberSuspendedSchema,
  permission: ["members", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await setMemberSuspended(tx, org.organization.id, input.member_id, input.suspended);
    revalidateOrganization(org.organization.slug);
    return { suspended: input.suspended };
  },
  successMessage: ({ suspended }) =>
    suspended
      ? "Member suspended. They can't open the organization until you reactivate them."
      : "Member reactivated.",
});

export const removeMemberAction = defineOrgAction({
  schema: memberIdSchema,
  permission: ["members", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await removeMember(tx, org.organization.id, input.member_id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Member removed. They lost access at once.",
});

export const transferOwnershipAction = defineOrgAction({
  schema: transferOwnershipSchema,
  permission: null,
  transaction: true,
  async handler({ input, tx, org }) {
    if (org.role !== "owner") throw new AppError("forbidden", "Only an owner can transfer ownership.");
    await transferOwnership(tx, org.organization.id, input.user_id);
    revalidateShell();
  },
  successMessage: "Ownership transferred. You're now an administrator.",
});

export const leaveOrganizationAction = defineOrgAction({
  schema: z.object({}),
  permission: null,
  transaction: true,
  async handler({ tx, org }) {
    await leaveOrganization(tx, org.organization.id);
    revalidateShell();
    redirect(withFlash("/dashboard", "organization-left"));
  },
});
