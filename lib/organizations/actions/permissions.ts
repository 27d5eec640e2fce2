"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { resetRolePermissions, setPermission, setPermissionSchema } from "../permission-matrix";
import { roleLabels } from "../schema";
import { resetRolePermissionsSchema } from "./schemas";
import { revalidateOrganization } from "@/lib/http/revalidate";

export const setPermissionAction = defineOrgAction({
  schema: setPermissionSchema,
  permission: ["organizations", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await setPermission(tx, org.organization.id, input);
    revalidateOrganization(org.organization.slug);
  },
});

export const resetRolePermissionsAction = defineOrgAction({
  schema: resetRolePermissionsSchema,
  permission: ["organizations", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await resetRolePermissions(tx, org.organization.id, input.role);
    revalidateOrganization(org.organization.slug);
    return { role: input.role };
  },
  successMessage: ({ role }) => `${roleLabels[role]} permissions are back to the defaults.`,
});
