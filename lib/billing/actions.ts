"use server";

import { z } from "zod";
import { defineOrgAction } from "@/lib/actions/org-action";
import { checkoutInputSchema, openBillingPortal, startCheckout } from "./checkout";

/**
 * Owners and administrators (billing:update) start a Stripe Checkout or open the Customer Portal.
 * Each answers the Stripe page to go to; the form sends the browser there.
 */

export const startCheckoutAction = defineOrgAction({
  schema: checkoutInputSchema,
  permission: ["billing", "update"],
  handler: async ({ input, claims, org }) => {
    const { url } = await startCheckout(claims, org.organization.id, input);
    return { url };
  },
});

export const openBillingPortalAction = defineOrgAction({
  schema: z.object({}),
  permission: ["billing", "update"],
  handler: ({ claims, org }) => openBillingPortal(claims, org.organization.id),
});
