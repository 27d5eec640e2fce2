"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { organizationSettingsInputSchema, updateOrganizationSettings } from "../settings";
import { revalidateOrganization } from "@/lib/http/revalidate";

const savedMessages = {
  network: "Network access for workflow steps saved.",
  regional: "Time zone and currency saved.",
  branding: "Brand colour saved.",
  retention: "Run history retention saved.",
} as const;

/** Saves one section of the organization's settings; each change lands in the audit log. */
export const updateOrganizationSettingsAction = defineOrgAction({
  schema: organizationSettingsInputSchema,
  permission: ["organizations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => updateOrganizationSettings(tx, org.organization.id, input));
    revalidateOrganization(org.organization.slug);
    return { section: input.section };
  },
  successMessage: ({ section }) => savedMessages[section],
});
