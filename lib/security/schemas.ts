import { z } from "zod";
import { newPasswordField } from "@/lib/auth/schemas";

/** Forms and rows of the account-security features: two-factor authentication, password, sessions. */

/** Where to go after the code step; checked again with safeNextPath before use. */
const nextField = z.string().max(2048).optional();

export const totpCodeField = z
  .string({ error: "Enter the 6-digit code from your authenticator app." })
  .transform((v) => v.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

export const signInCodeSchema = z.object({ code: totpCodeField, next: nextField });

/** Recovery codes are shown as `xxxxx-xxxxx`; spaces, dashes and case do not matter when typed. */
export const recoveryCodeField = z
  .string({ error: "Enter one of your recovery codes." })
  .transform((v) => v.replace(/[\s-]+/g, "").toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, "A recovery code has 10 letters and digits, like abcde-12345."));

export const recoveryCodeSchema = z.object({ code: recoveryCodeField, next: nextField });

export const confirmEnrollmentSchema = z.object({ factor_id: z.uuid(), code: totpCodeField });

export const factorSchema = z.object({ factor_id: z.uuid() });

export const emptySchema = z.object({});

export const changePasswordSchema = z
  .object({
    current_password: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(1024, "That password is too long."),
    password: newPasswordField,
    confirm_password: z
      .string({ error: "Repeat your new password." })
      .min(1, "Repeat your new password.")
      .max(1024, "That password is too long."),
  })
  .refine((v) => v.password === v.confirm_password, {
    path: ["confirm_password"],
    message: "The passwords don't match.",
  });

export const sessionRowSchema = z.object({
  id: z.uuid(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  aal: z.string().nullable(),
  signed_in_at: z.date().nullable(),
  last_active_at: z.date().nullable(),
  is_current: z.boolean(),
});
export type SessionRow = z.infer<typeof sessionRowSchema>;

export const securityOverviewSchema = z.object({
  /** The verified TOTP factor, when two-factor authentication is on. */
  factor_id: z.uuid().nullable(),
  recovery_codes_left: z.number().int(),
  sessions: z.array(sessionRowSchema),
});
export type SecurityOverview = z.infer<typeof securityOverviewSchema>;
