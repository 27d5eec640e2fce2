"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { withUser } from "@/lib/db/client";
import { pushFormSchema, pushRemoveSchema, targetChannelSchema } from "./profile-schemas";
import { preferenceInputSchema, targetInputSchema } from "./schemas";
import {
  removeNotificationTarget,
  removePushSubscriptions,
  savePushSubscription,
  saveNotificationTarget,
  setNotificationPreference,
} from "./targets";

/** The profile's Notifications section: each person changes only their own rows (RLS). */

export const setNotificationPreferenceAction = defineAction({
  schema: preferenceInputSchema,
  auth: "user",
  async handler({ input, claims }) {
    await withUser(claims, (tx) => setNotificationPreference(tx, claims.sub, input));
  },
});

export const saveNotificationTargetAction = defineAction({
  schema: targetInputSchema,
  auth: "user",
  async handler({ input, claims }) {
    await withUser(claims, (tx) => saveNotificationTarget(tx, claims.sub, input));
    revalidatePath("/profile");
  },
  successMessage: "Saved. Notifications you chose for it go there now.",
});

export const removeNotificationTargetAction = defineAction({
  schema: targetChannelSchema,
  auth: "user",
  async handler({ input, claims }) {
    await withUser(claims, (tx) => removeNotificationTarget(tx, claims.sub, input.channel));
    revalidatePath("/profile");
  },
  successMessage: "Removed.",
});

export const subscribePushAction = defineAction({
  schema: pushFormSchema,
  auth: "user",
  async handler({ input, claims }) {
    const userAgent = (await headers()).get("user-agent");
    await withUser(claims, (tx) => savePushSubscription(tx, claims.sub, input, userAgent));
    revalidatePath("/profile");
  },
  successMessage: "This browser now gets push notifications.",
});

export const unsubscribePushAction = defineAction({
  schema: pushRemoveSchema,
  auth: "user",
  async handler({ input, claims }) {
    const removed = await withUser(claims, (tx) => removePushSubscriptions(tx, claims.sub, input.endpoint));
    revalidatePath("/profile");
    return { removed };
  },
  successMessage: "Push notifications are off for this browser.",
});
