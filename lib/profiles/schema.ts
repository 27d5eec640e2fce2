import { z } from "zod";
import { emailField } from "@/lib/auth/schemas";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

const optionalUrl = z
  .string()
  .trim()
  .max(2048, "That link is too long.")
  .refine((v) => v === "" || /^https?:\/\/\S+$/i.test(v), "Use a full link starting with https://")
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional();

const timeZones = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));

/**
 * What a user may change on their profile (the email follows their account, not this form; the
 * picture is an upload, lib/profiles/avatars.ts, never a link).
 */
export const profileUpdateSchema = z.object({
  display_name: optionalText(100),
  bio: optionalText(1000),
  timezone: z
    .string()
    .trim()
    .refine((tz) => timeZones.has(tz), "Pick a time zone from the list.")
    .optional(),
  website: optionalUrl,
  location: optionalText(120),
});

export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

/** A profile row as it leaves lib/db: parsed, so the UI never sees an unexpected shape. */
export const profileSchema = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  display_name: z.string().nullable(),
  avatar_url: z.string().nullable(),
  bio: z.string().nullable(),
  timezone: z.string(),
  website: z.string().nullable(),
  location: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export type Profile = z.infer<typeof profileSchema>;

/** A new sign-in address; it takes effect once both addresses have confirmed it. */
export const changeEmailSchema = z.object({ email: emailField });
