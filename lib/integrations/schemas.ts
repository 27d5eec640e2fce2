import { z } from "zod";
import { SALE_SOURCES, WEBHOOK_EVENT_STATUSES } from "./integrations";

/**
 * Form schemas of the integrations server actions (a "use server" module may export only async
 * functions). Every form also carries the hidden `organization` field that defineOrgAction reads.
 */

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const id = (message: string) => z.uuid(message);

const saleSources = z
  .array(z.enum(SALE_SOURCES, { error: "Choose invoices, orders or won opportunities." }))
  .default([])
  .transform((s) => [...new Set(s)]);

const integrationName = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.");

const currency = z
  .string({ error: "Enter a currency code." })
  .trim()
  .regex(/^[A-Za-z]{3}$/, "Use a 3-letter currency code, e.g. USD.")
  .transform((c) => c.toUpperCase());

const secret = (what: string) =>
  z.preprocess(
    blank,
    z
      .string({ error: `Enter the ${what}.` })
      .trim()
      .min(8, `That doesn't look like a ${what}.`)
      .max(4000, `The ${what} is too long.`)
      .regex(/^\S+$/, `The ${what} has no spaces.`)
      .optional(),
  );

export const connectGhlSchema = z
  .object({
    name: integrationName,
    location_id: z
      .string({ error: "Enter the location (sub-account) id." })
      .trim()
      .regex(
        /^[A-Za-z0-9_-]{1,100}$/,
        "The location id has letters, digits, - and _ only (Settings → Business Profile in GHL).",
      ),
    auth_type: z.enum(["private_token", "oauth"], { error: "Choose how Orgflow signs in to GoHighLevel." }),
    token: secret("private integration token"),
    client_id: secret("OAuth client id"),
    client_secret: secret("OAuth client secret"),
    refresh_token: secret("OAuth refresh token"),
    currency,
    sale_sources: saleSources,
  })
  .superRefine((v, ctx) => {
    const need = (field: "token" | "client_id" | "client_secret" | "refresh_token", message: string) => {
      if (!v[field]) ctx.addIssue({ code: "custom", path: [field], message });
    };
    if (v.auth_type === "private_token") need("token", "Enter the private integration token.");
    else {
      need("client_id", "Enter the OAuth client id.");
      need("client_secret", "Enter the OAuth client secret.");
      need("refresh_token", "Enter a refresh token from the app's install.");
    }
  });

export const integrationIdSchema = z.object({ integration_id: id("That integration could not be found.") });

export const updateIntegrationSchema = integrationIdSchema.extend({
  name: integrationName,
  currency,
  sale_sources: saleSources,
});

export const testEventSchema = integrationIdSchema.extend({
  amount: z
    .string({ error: "Enter an amount." })
    .trim()
    .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter an amount like 1.00 (at most 9,999,999.99)."),
  ghl_user_id: z.preprocess(blank, z.string().trim().max(255, "That id is too long.").optional()),
});

export const retryEventSchema = integrationIdSchema.extend({
  event_id: id("That event could not be found."),
});

export const mapGhlUserSchema = z.object({
  ghl_user_id: z.string({ error: "The GHL user id is missing." }).trim().min(1).max(255),
  team_member_id: id("Choose a team member."),
});

export const EVENT_STATUS_FILTERS = WEBHOOK_EVENT_STATUSES;
