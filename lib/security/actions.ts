"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/action";
import { authErrorToAppError } from "@/lib/auth/messages";
import { safeNextPath } from "@/lib/auth/paths";
import { forgetSecondFactorAnswer } from "@/lib/auth/second-factor";
import { getClaims, getClaimsAwaitingSecondFactor } from "@/lib/auth/session";
import { withUser } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { withFlash } from "@/lib/flash";
import { createSupabaseServerClient } from "@/lib/supabase/server";
import { createAuthAdminClient, createDetachedAuthClient } from "@/lib/supabase/standalone";
import {
  changePasswordSchema,
  confirmEnrollmentSchema,
  emptySchema,
  factorSchema,
  recoveryCodeSchema,
  signInCodeSchema,
} from "./schemas";
import { currentCodes, keepFactorSecret, spendRecoveryCode } from "./factor-secret";
import { clearRecoveryCodes, replaceRecoveryCodes } from "./security";

/**
 * Account security through Supabase Auth (supabase-js `auth.mfa.*`, `updateUser`, `signOut`), so
 * the same code works against the local auth server and a hosted project.
 */

const ISSUER = "Orgflow";

/**
 * auth-js hands the QR code over as `data:image/svg+xml;utf-8,<svg…>`, the SVG unescaped; any "#"
 * or "%" in it would break the image, so the SVG is percent-encoded into the URI here.
 */
function svgDataUri(qrCode: string): string {
  const svg = qrCode.replace(/^data:image\/svg\+xml;(?:utf-8|charset=utf-8),/, "");
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export type TotpEnrollment = { factorId: string; qrCode: string; secret: string };

/** Starts TOTP enrolment: a new factor, its QR code (an SVG data URI) and secret. */
export const startTwoFactorAction = defineAction({
  schema: emptySchema,
  auth: "user",
  async handler({ claims }): Promise<TotpEnrollment> {
    const supabase = await createSupabaseServerClient();
    // An enrolment left half-way (page closed before the code) is replaced, not piled up.
    const listed = await supabase.auth.mfa.listFactors();
    if (listed.error) throw authErrorToAppError(listed.error);
    for (const factor of listed.data.all.filter((f) => f.status === "unverified")) {
      await supabase.auth.mfa.unenroll({ factorId: factor.id });
    }
    if (listed.data.totp.length > 0) {
      throw new AppError("conflict", "Two-factor authentication is already on.");
    }
    const { data, error } = await supabase.auth.mfa.enroll({
      factorType: "totp",
      friendlyName: "Authenticator app",
      issuer: ISSUER,
    });
    if (error) throw authErrorToAppError(error);
    // Kept encrypted, so a recovery code can sign in at aal2 and leave the factor in place.
    await withUser(claims, (tx) => keepFactorSecret(tx, claims.sub, data.id, data.totp.secret));
    return { factorId: data.id, qrCode: svgDataUri(data.totp.qr_code), secret: data.totp.secret };
  },
});

/** The first code confirms the factor (the session becomes aal2); recovery codes are made, shown once. */
export const confirmTwoFactorAction = defineAction({
  schema: confirmEnrollmentSchema,
  auth: "user",
  async handler({ input, claims }): Promise<{ recoveryCodes: string[] }> {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.mfa.challengeAndVerify({
      factorId: input.factor_id,
      code: input.code,
    });
    if (error) throw authErrorToAppError(error);
    forgetSecondFactorAnswer(claims.session_id);
    const recoveryCodes = await withUser(claims, (tx) => replaceRecoveryCodes(tx));
    revalidatePath("/profile");
    return { recoveryCodes };
  },
  successMessage: "Two-factor authentication is on.",
});

/** New recovery codes replace the old ones (aal2 only: getClaims is null before the code step). */
export const regenerateRecoveryCodesAction = defineAction({
  schema: emptySchema,
  auth: "user",
  async handler({ claims }): Promise<{ recoveryCodes: string[] }> {
    if (claims.aal !== "aal2") {
      throw new AppError("forbidden", "Turn on two-factor authentication first.");
    }
    const recoveryCodes = await withUser(claims, (tx) => replaceRecoveryCodes(tx));
    revalidatePath("/profile");
    return { recoveryCodes };
  },
  successMessage: "New recovery codes are ready. The old ones no longer work.",
});

/** Turns two-factor authentication off (Supabase requires an aal2 session for it). */
export const disableTwoFactorAction = defineAction({
  schema: factorSchema,
  auth: "user",
  async handler({ input, claims }) {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.mfa.unenroll({ factorId: input.factor_id });
    if (error) throw authErrorToAppError(error);
    // The session drops to aal1; its next token says so after a refresh.
    await supabase.auth.refreshSession();
    await withUser(claims, (tx) => clearRecoveryCodes(tx));
    revalidatePath("/profile");
  },
  successMessage: "Two-factor authentication is off.",
});

/** The code step of signing in: the first verified TOTP factor answers a challenge. */
export const verifySignInCodeAction = defineAction({
  schema: signInCodeSchema,
  auth: "public",
  async handler({ input }) {
    const next = safeNextPath(input.next);
    if (!(await getClaimsAwaitingSecondFactor())) {
      if (await getClaims()) redirect(next);
      throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
    }
    const supabase = await createSupabaseServerClient();
    const listed = await supabase.auth.mfa.listFactors();
    if (listed.error) throw authErrorToAppError(listed.error);
    const factor = listed.data.totp[0];
    if (!factor) throw new AppError("not_found", "Two-factor authentication isn't set up on this account.");
    const { error } = await supabase.auth.mfa.challengeAndVerify({ factorId: factor.id, code: input.code });
    if (error) throw authErrorToAppError(error);
    redirect(next);
  },
});

/**
 * Signing in with a recovery code, for someone who lost their authenticator. Supabase Auth lifts a
 * session to aal2 only through a factor's code, so the code (checked and spent here) hands back the
 * factor's secret the app kept at enrolment, and the current code is verified on this session: it
 * becomes aal2 with the factor left on. A factor enrolled before the app kept secrets is removed
 * instead (through the admin API), and the person is told to set it up again.
 */
export const recoveryCodeSignInAction = defineAction({
  schema: recoveryCodeSchema,
  auth: "public",
  async handler({ input }) {
    const next = safeNextPath(input.next);
    const claims = await getClaimsAwaitingSecondFactor();
    if (!claims) {
      if (await getClaims()) redirect(next);
      throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
    }
    const kept = await withUser(claims, (tx) => spendRecoveryCode(tx, claims.sub, input.code));
    if (kept && (await verifyWithKeptSecret(kept))) redirect(withFlash(next, "recovery-code-signed-in"));
    const admin = createAuthAdminClient();
    const listed = await admin.mfa.listFactors({ userId: claims.sub });
    if (listed.error) throw authErrorToAppError(listed.error);
    for (const factor of listed.data.factors) {
      const { error } = await admin.mfa.deleteFactor({ userId: claims.sub, id: factor.id });
      if (error) throw authErrorToAppError(error);
    }
    await withUser(claims, (tx) => clearRecoveryCodes(tx));
    redirect(withFlash("/profile", "recovery-code-used"));
  },
});

/** Verifies the factor's current code on this browser's session (aal2); false when refused. */
async function verifyWithKeptSecret(kept: { factorId: string; secret: string }): Promise<boolean> {
  const supabase = await createSupabaseServerClient();
  // A code is good once: if this step's was just used, the next step's is still accepted.
  for (const code of currentCodes(kept.secret)) {
    const { error } = await supabase.auth.mfa.challengeAndVerify({ factorId: kept.factorId, code });
    if (!error) return true;
  }
  return false;
}

/** A new password, once the current one is confirmed; Supabase then signs out the other devices. */
export const changePasswordAction = defineAction({
  schema: changePasswordSchema,
  auth: "user",
  async handler({ input, claims }) {
    if (!claims.email) throw new AppError("bad_request", "This account has no password to change.");
    // Checked on a client of its own, so the session this browser is signed in with stays as it is.
    const detached = await createDetachedAuthClient();
    const check = await detached.auth.signInWithPassword({
      email: claims.email,
      password: input.current_password,
    });
    if (check.error) {
      if (check.error.code === "invalid_credentials") {
        const message = "That isn't your current password.";
        throw new AppError("validation_failed", message, { current_password: [message] });
      }
      throw authErrorToAppError(check.error);
    }
    await detached.auth.signOut({ scope: "local" });
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.updateUser({ password: input.password });
    if (error) throw authErrorToAppError(error);
    revalidatePath("/profile");
  },
  successMessage: "Your password has been changed. Any other devices were signed out.",
});

/** Ends every session of this user except this browser's (GoTrue `signOut({ scope: "others" })`). */
export const signOutOtherSessionsAction = defineAction({
  schema: emptySchema,
  auth: "user",
  async handler() {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.signOut({ scope: "others" });
    if (error) throw authErrorToAppError(error);
    revalidatePath("/profile");
  },
  successMessage: "You've been signed out on every other device.",
});
