"use server";

import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/action";
import { authErrorToAppError } from "@/lib/auth/messages";
import { safeNextPath, SECOND_FACTOR_PATH, withNextParam } from "@/lib/auth/paths";
import { authCallbackUrl } from "@/lib/auth/redirects";
import { forgotPasswordSchema, resetPasswordSchema, signInSchema, signUpSchema } from "@/lib/auth/schemas";
import { withFlash } from "@/lib/flash";
import { invitationTokenFromPath } from "@/lib/organizations/invitation-links";
import { createSupabaseServerClient } from "@/lib/supabase/server";

export const signInAction = defineAction({
  schema: signInSchema,
  auth: "public",
  async handler({ input }) {
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.signInWithPassword({
      email: input.email,
      password: input.password,
    });
    if (error) throw authErrorToAppError(error);
    const next = safeNextPath(input.next);
    // With two-factor authentication the session is aal1 until the code step lifts it to aal2.
    const secondFactor = data.user?.factors?.some((f) => f.status === "verified");
    redirect(secondFactor ? withNextParam(SECOND_FACTOR_PATH, next) : next);
  },
});

export type SignUpResult = { email: string; needsConfirmation: true };

export const signUpAction = defineAction({
  schema: signUpSchema,
  auth: "public",
  async handler({ input }): Promise<SignUpResult> {
    const next = safeNextPath(input.next);
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.signUp({
      email: input.email,
      password: input.password,
      options: {
        // Signing up to accept an invitation: the database then skips the personal workspace
        // (it checks the token against an open invitation for this address).
        data: {
          display_name: input.display_name,
          invitation_token: invitationTokenFromPath(next) ?? undefined,
        },
        emailRedirectTo: await authCallbackUrl(withFlash(next, "email-confirmed")),
      },
    });
    const checkEmail: SignUpResult = { email: input.email, needsConfirmation: true };
    // With confirmations on, GoTrue answers a repeat sign-up of an address whose confirmation was
    // mailed moments ago with over_email_send_rate_limit: only an existing account can get that
    // answer, so telling it apart would reveal the account. The person is told to check their
    // email, as for a new address (the link already sent is still valid).
    if (error?.code === "over_email_send_rate_limit") return checkEmail;
    if (error) throw authErrorToAppError(error);
    // With email confirmation off the account is ready and signed in; otherwise (and, on purpose,
    // also for an address that already has an account: GoTrue then answers with an obfuscated user)
    // the person is told to check their email.
    if (data.session) redirect(next);
    return checkEmail;
  },
});

export const forgotPasswordAction = defineAction({
  schema: forgotPasswordSchema,
  auth: "public",
  async handler({ input }) {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.resetPasswordForEmail(input.email, {
      redirectTo: await authCallbackUrl("/reset-password"),
    });
    // Whatever happened, the answer is the same: telling "sent" from "rate limited" or "failed"
    // would reveal which addresses have accounts (only real accounts are rate limited or mailed).
    if (error) console.warn("[auth] password reset email not sent:", error.code ?? error.name);
    return { email: input.email };
  },
  successMessage: "If an account exists for that email, we've sent a link to reset your password.",
});

export const resetPasswordAction = defineAction({
  schema: resetPasswordSchema,
  auth: "user",
  async handler({ input }) {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.updateUser({ password: input.password });
    if (error) throw authErrorToAppError(error);
    redirect(withFlash("/dashboard", "password-updated"));
  },
});

/** Signs out this browser's session. A Server Action, so only ever a POST. */
export async function signOutAction(): Promise<void> {
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.signOut({ scope: "local" });
  if (error) console.warn("[auth] sign-out:", error.code ?? error.name);
  redirect(withFlash("/sign-in", "signed-out"));
}
