import { z } from "zod";

/**
 * How billing is set up on this server, from the environment. Read at call time (it is cheap), so
 * a deployment's keys take effect without a rebuild and tests can point it at a local server.
 *
 *   STRIPE_SECRET_KEY      sk_test_… / sk_live_… (or a restricted rk_… key). Without it billing is
 *                          off: the pages say so, show the plans, and the free plan's limits apply.
 *   STRIPE_WEBHOOK_SECRET  whsec_…, the signing secret of the webhook endpoint /api/webhooks/stripe.
 *   STRIPE_API_BASE        where the Stripe API is, e.g. http://127.0.0.1:12111 for a local test
 *                          server; unset, the SDK talks to https://api.stripe.com.
 *   STRIPE_PRICE_<PLAN>_<MONTHLY|YEARLY>
 *                          the Stripe price of a plan and cycle, e.g. STRIPE_PRICE_STARTER_MONTHLY.
 *                          They win over the defaults in subscription_plans (test ids for the local
 *                          stack), so test and live mode each use their own prices.
 */

export const BILLING_CYCLES = ["monthly", "yearly"] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export type StripeApiLocation = { host: string; port: number; protocol: "http" | "https" };

export type BillingConfig = {
  /** Checkout, the portal and webhooks can work: a valid secret key is set. */
  enabled: boolean;
  secretKey: string | null;
  webhookSecret: string | null;
  /** Set when STRIPE_API_BASE points somewhere other than api.stripe.com. */
  api: StripeApiLocation | null;
  /** Prices from STRIPE_PRICE_<PLAN>_<CYCLE>, by plan id. */
  priceOverrides: Record<string, Partial<Record<BillingCycle, string>>>;
  /** What is wrong with the settings, in words for the billing page; null when all is well. */
  problem: string | null;
};

const secretKeySchema = z
  .string()
  .regex(
    /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/,
    "STRIPE_SECRET_KEY must be a secret key (sk_test_… or sk_live_…).",
  );
const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9_]+$/, "STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…).");
const priceIdSchema = z.string().regex(/^price_[A-Za-z0-9_]+$/);

const PRICE_VARIABLE = /^STRIPE_PRICE_([A-Z][A-Z0-9_]*)_(MONTHLY|YEARLY)$/;

export function readBillingConfig(env: Record<string, string | undefined> = process.env): BillingConfig {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;

  const rawKey = value("STRIPE_SECRET_KEY");
  const key = rawKey === undefined ? undefined : secretKeySchema.safeParse(rawKey);
  if (key && !key.success) problems.push(key.error.issues[0]!.message);

  const rawSecret = value("STRIPE_WEBHOOK_SECRET");
  const secret = rawSecret === undefined ? undefined : webhookSecretSchema.safeParse(rawSecret);
  if (secret && !secret.success) problems.push(secret.error.issues[0]!.message);

  let api: StripeApiLocation | null = null;
  const base = value("STRIPE_API_BASE");
  if (base) {
    api = parseApiBase(base);
    if (!api) problems.push("STRIPE_API_BASE must be an http(s) URL such as http://127.0.0.1:12111.");
  }

  const priceOverrides: BillingConfig["priceOverrides"] = {};
  for (const [name, raw] of Object.entries(env)) {
    const match = PRICE_VARIABLE.exec(name);
    if (!match || !raw?.trim()) continue;
    if (!priceIdSchema.safeParse(raw.trim()).success) {
      problems.push(`${name} must be a Stripe price id (price_…).`);
      continue;
    }
    const plan = match[1]!.toLowerCase();
    const cycle = match[2] === "MONTHLY" ? "monthly" : "yearly";
    (priceOverrides[plan] ??= {})[cycle] = raw.trim();
  }

  const secretKey = key?.success ? key.data : null;
  return {
    enabled: secretKey !== null && problems.length === 0,
    secretKey,
    webhookSecret: secret?.success ? secret.data : null,
    api,
    priceOverrides,
    problem: problems.length ? problems.join(" ") : null,
  };
}

export function billingConfig(): BillingConfig {
  return readBillingConfig();
}

function parseApiBase(base: string): StripeApiLocation | null {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}
