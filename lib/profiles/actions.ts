"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { authErrorToAppError } from "@/lib/auth/messages";
import { authCallbackUrl } from "@/lib/auth/redirects";
import { withUser } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { withFlash } from "@/lib/flash";
import { updateMyProfile } from "@/lib/profiles/profiles";
import { changeEmailSchema, profileUpdateSchema } from "@/lib/profiles/schema";
import { createSupabaseServerClient } from "@/lib/supabase/server";

export const updateProfileAction = defineAction({
  schema: profileUpdateSchema,
  auth: "user",
  async handler({ input, claims }) {
    const profile = await withUser(claims, (tx) => updateMyProfile(tx, claims.sub, input));
    // The name and picture also show in the app shell on every page.
    revalidatePath("/", "layout");
    return { updatedAt: profile.updated_at.toISOString() };
  },
  successMessage: "Your profile has been saved.",
});

/**
 * Asks to move the account to another sign-in address. Nothing changes until the links mailed to
 * both the current and the new address are opened (double_confirm_changes), so a session someone
 * else got hold of cannot move the account to an address of theirs. Both links are PKCE links
 * (the server client's flow), ending in /auth/callback in this browser.
 */
export const changeEmailAction = defineAction({
  schema: changeEmailSchema,
  auth: "user",
  async handler({ input, claims }) {
    if (input.email.toLowerCase() === claims.email?.toLowerCase()) {
      throw new AppError("validation_failed", "That's already your email address.", {
        email: ["That's already your email address."],
      });
    }
    // PUT /user itself refuses a token whose session has ended (session_not_found, shown as
    // "Your session has ended"), as GoTrue does: no separate check needed here.
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.updateUser(
      { email: input.email },
      { emailRedirectTo: await authCallbackUrl(withFlash("/profile", "email-changed")) },
    );
    if (error) throw authErrorToAppError(error);
    return { email: input.email };
  },
  successMessage: ({ email }) =>
    `We've sent a confirmation link to ${email} and one to your current address. ` +
    "Your email changes once you've opened both.",
});
