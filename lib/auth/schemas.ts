import { z } from "zod";

/** Form schemas of the auth actions (lib/auth/actions.ts). */

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads only the first 72 bytes; longer passwords would be silently cut. */
export const PASSWORD_MAX_LENGTH = 72;

export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@company.com." }));

/** A new password (sign-up, reset). Sign-in does not apply these rules to existing passwords. */
export const newPasswordField = z
  .string({ error: "Choose a password." })
  .min(1, "Choose a password.")
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** Where to go after signing in; checked again with safeNextPath before use. */
const nextField = z.string().max(2048).optional();

export const signInSchema = z.object({
  email: emailField,
  // Existing passwords are not held to the new-password rules, but none is longer than this.
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(1024, "That password is too long."),
  next: nextField,
});

export const signUpSchema = z.object({
  display_name: z
    .string({ error: "Tell us your name." })
    .trim()
    .min(1, "Tell us your name.")
    .max(100, "Keep your name under 100 characters."),
  email: emailField,
  password: newPasswordField,
  next: nextField,
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
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
