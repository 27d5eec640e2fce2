"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { updateMyProfile } from "@/lib/profiles/profiles";
import { profileUpdateSchema } from "@/lib/profiles/schema";

export const updateProfileAction = defineAction({
  schema: profileUpdateSchema,
  auth: "user",
  async handler({ input, claims }) {
    const profile = await updateMyProfile(claims, input);
    // The name and picture also show in the app shell on every page.
    revalidatePath("/", "layout");
    return { updatedAt: profile.updated_at.toISOString() };
  },
  successMessage: "Your profile has been saved.",
});
