"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { dismissOnboarding } from "../onboarding";
import { revalidateOrganization } from "@/lib/http/revalidate";

/** Any member may put the getting-started checklist away for themselves. */
export const dismissOnboardingAction = defineOrgAction({
  schema: z.object({}),
  permission: null,
  async handler({ claims, org }) {
    await withUser(claims, (tx) => dismissOnboarding(tx, org.organization.id, claims.sub));
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Checklist hidden. Each step stays in the menu whenever you need it.",
});
