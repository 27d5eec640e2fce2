"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { asFieldError } from "@/lib/errors";
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
  transaction: true,
  async handler({ input, tx, org }) {
    // A retention longer than the plan keeps is refused in SQL (feature_locked): under the field.
    await updateOrganizationSettings(tx, org.organization.id, input).catch((e: unknown) =>
      input.section === "retention"
        ? asFieldError(e, "run_retention", ["feature_locked"])
        : Promise.reject(e),
    );
    revalidateOrganization(org.organization.slug);
    return { section: input.section };
  },
  successMessage: ({ section }) => savedMessages[section],
});
