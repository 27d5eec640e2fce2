"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { asFieldError } from "@/lib/errors";
import { revalidateOrganization } from "@/lib/http/revalidate";
import {
  createCustomRole,
  deleteCustomRole,
  setCustomRolePermission,
  setMemberCustomRole,
  setMemberOverride,
  updateCustomRole,
} from "../custom-roles";
import {
  createCustomRoleSchema,
  customRoleIdSchema,
  setCustomRolePermissionSchema,
  setMemberCustomRoleSchema,
  setMemberOverrideSchema,
  updateCustomRoleSchema,
} from "./schemas";

/**
 * Custom roles (Settings → Roles and permissions) and one member's permissions (Members → a
 * member). The wrapper checks the permission the page offers the form on; RLS and the guards in
 * SQL decide the rest (nobody hands out what they do not hold).
 */

export const createCustomRoleAction = defineOrgAction({
  schema: createCustomRoleSchema,
  permission: ["organizations", "update"],
  async handler({ input, claims, org }) {
    const { id } = await withUser(claims, (tx) =>
      createCustomRole(tx, org.organization.id, {
        name: input.name,
        description: input.description,
        copyFrom: input.copy_from,
      }),
    ).catch((e: unknown) => asFieldError(e, "name"));
    revalidateOrganization(org.organization.slug);
    return { id, href: `/o/${org.organization.slug}/settings/permissions?role=${id}` };
  },
  successMessage: "Role created. Tick what it may do.",
});

export const updateCustomRoleAction = defineOrgAction({
  schema: updateCustomRoleSchema,
  permission: ["organizations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => updateCustomRole(tx, org.organization.id, input)).catch((e: unknown) =>
      asFieldError(e, "name"),
    );
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Role saved.",
});

export const setCustomRolePermissionAction = defineOrgAction({
  schema: setCustomRolePermissionSchema,
  permission: ["organizations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => setCustomRolePermission(tx, org.organization.id, input));
    revalidateOrganization(org.organization.slug);
  },
});

export const deleteCustomRoleAction = defineOrgAction({
  schema: customRoleIdSchema,
  permission: ["organizations", "update"],
  async handler({ input, claims, org }) {
    const { name } = await withUser(claims, (tx) => deleteCustomRole(tx, org.organization.id, input.id));
    revalidateOrganization(org.organization.slug);
    return { name, href: `/o/${org.organization.slug}/settings/permissions` };
  },
  successMessage: ({ name }) => `Role “${name}” deleted. Its members are back on their base role.`,
});

export const setMemberCustomRoleAction = defineOrgAction({
  schema: setMemberCustomRoleSchema,
  permission: ["members", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) =>
      setMemberCustomRole(tx, org.organization.id, {
        memberId: input.member_id,
        customRoleId: input.custom_role_id,
      }),
    );
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Role changed.",
});

export const setMemberOverrideAction = defineOrgAction({
  schema: setMemberOverrideSchema,
  permission: ["members", "update"],
  async handler({ input, claims, org }) {
    const overrides = await withUser(claims, (tx) =>
      setMemberOverride(tx, org.organization.id, {
        memberId: input.member_id,
        permission: input.permission,
        state: input.state,
      }),
    );
    revalidateOrganization(org.organization.slug);
    return { overrides };
  },
});
