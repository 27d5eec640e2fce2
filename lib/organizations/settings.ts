import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * The settings an organization's people change on its settings page, kept in
 * organizations.settings beside the operator's engine limits (which they cannot touch: SQL's
 * private.guard_organization_settings checks every key again, and allows private network access
 * to owners only).
 */

/** "plan": the plan's default (the key is removed); days; "forever" (within what the plan allows). */
export const RETENTION_CHOICES = ["plan", "7", "30", "90", "365", "forever"] as const;

export const COMMON_CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "AUD",
  "NZD",
  "BRL",
  "MXN",
  "INR",
  "ZAR",
  "CHF",
  "SEK",
];

export const organizationSettingsSchema = z.object({
  allow_private_network: z.boolean().catch(false),
  timezone: z.string().nullable().catch(null),
  currency: z.string().nullable().catch(null),
  brand_color: z.string().nullable().catch(null),
  /** The organization's own choice; null: its plan's default. */
  run_retention_days: z
    .union([z.number().int().positive(), z.literal("forever")])
    .nullable()
    .catch(null),
});
export type OrganizationSettings = z.infer<typeof organizationSettingsSchema>;

/** What the settings page shows, read from the stored JSON (unknown or odd values fall back). */
export function readOrganizationSettings(settings: Record<string, unknown>): OrganizationSettings {
  return organizationSettingsSchema.parse({
    allow_private_network: settings.allow_private_network ?? false,
    timezone: settings.timezone ?? null,
    currency: settings.currency ?? null,
    brand_color: settings.brand_color ?? null,
    run_retention_days: settings.run_retention_days ?? null,
  });
}

const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());
const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** One form per section of the page; each saves only its own keys. */
export const organizationSettingsInputSchema = z.discriminatedUnion("section", [
  z.object({ section: z.literal("network"), allow_private_network: checkbox }),
  z.object({
    section: z.literal("regional"),
    timezone: z
      .string({ error: "Choose a time zone." })
      .trim()
      .min(1, "Choose a time zone.")
      .max(64)
      .refine(validTimeZone, "Choose a time zone from the list."),
    currency: z
      .string({ error: "Choose a currency." })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "A currency is a three-letter code such as USD."),
  }),
  z.object({
    section: z.literal("branding"),
    brand_color: z
      .string({ error: "Choose a colour." })
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, "A colour is written #rrggbb, e.g. #2563eb.")
      .transform((c) => c.toLowerCase()),
  }),
  z.object({
    section: z.literal("retention"),
    run_retention: z.enum(RETENTION_CHOICES, { error: "Choose how long to keep run history." }),
  }),
]);
export type OrganizationSettingsInput = z.infer<typeof organizationSettingsInputSchema>;

/** The stored keys a section's input sets (null: remove the key). */
function settingsPatch(input: OrganizationSettingsInput): Record<string, unknown> {
  switch (input.section) {
    case "network":
      return { allow_private_network: input.allow_private_network };
    case "regional":
      return { timezone: input.timezone, currency: input.currency };
    case "branding":
      return { brand_color: input.brand_color };
    case "retention":
      return {
        run_retention_days:
          input.run_retention === "plan"
            ? null
            : input.run_retention === "forever"
              ? "forever"
              : Number(input.run_retention),
      };
  }
}

/** Saves one section as the member (RLS: organizations:update; SQL checks the values again). */
export async function updateOrganizationSettings(
  tx: Tx,
  organizationId: string,
  input: OrganizationSettingsInput,
): Promise<OrganizationSettings> {
  const patch = settingsPatch(input);
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
  const remove = Object.keys(patch).filter((k) => patch[k] === null);
  const [row] = await tx<{ settings: Record<string, unknown> }[]>`
    update organizations set settings = (settings || ${tx.json(set as never)}) - ${remove}::text[]
    where id = ${organizationId}
    returning settings`;
  if (!row) throw new AppError("forbidden", "You cannot change this organization's settings.");
  return readOrganizationSettings(row.settings);
}
