import "server-only";
import Stripe from "stripe";
import { AppError, toAppError } from "@/lib/errors";
import { billingConfig, type BillingConfig } from "./config";

/**
 * The one Stripe client of the app: the official SDK, pointed at STRIPE_API_BASE when it is set
 * (a local test server speaking Stripe's protocol), otherwise at api.stripe.com.
 */

const globalForStripe = globalThis as unknown as { orgflowStripe?: { signature: string; client: Stripe } };

export const BILLING_NOT_SET_UP =
  "Billing is not set up on this server yet, so plans cannot be bought here. The Free plan's limits apply.";

export function stripeClient(config: BillingConfig = billingConfig()): Stripe {
  if (!config.enabled || !config.secretKey) {
    throw new AppError("unavailable", config.problem ?? BILLING_NOT_SET_UP);
  }
  const signature = JSON.stringify([config.secretKey, config.api]);
  if (globalForStripe.orgflowStripe?.signature !== signature) {
    const client = new Stripe(config.secretKey, {
      ...(config.api ?? {}),
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      appInfo: { name: "Orgflow" },
    });
    globalForStripe.orgflowStripe = { signature, client };
  }
  return globalForStripe.orgflowStripe.client;
}

/** What a person should read when a call to Stripe fails; the details go to the server log. */
export function toBillingError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof Stripe.errors.StripeConnectionError) {
    console.error("[billing] Stripe unreachable:", e.message);
    return new AppError("unavailable", "We couldn't reach Stripe just now. Please try again in a minute.");
  }
  if (e instanceof Stripe.errors.StripeAuthenticationError) {
    console.error("[billing] Stripe refused the API key:", e.message);
    return new AppError(
      "unavailable",
      "Billing is misconfigured on this server: Stripe refused its API key.",
    );
  }
  if (e instanceof Stripe.errors.StripeRateLimitError) {
    return new AppError("rate_limited", "Stripe is busy right now. Please try again in a minute.");
  }
  if (e instanceof Stripe.errors.StripeInvalidRequestError) {
    console.error("[billing] Stripe refused a request:", e.message);
    return new AppError("unprocessable", `Stripe refused the request: ${e.message}`);
  }
  if (e instanceof Stripe.errors.StripeError) {
    console.error("[billing] Stripe error:", e.type, e.message);
    return new AppError("unavailable", "Stripe could not complete the request. Please try again.");
  }
  return toAppError(e);
}

/** Runs a call to Stripe, turning its failures into AppErrors with messages for people. */
export async function callStripe<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toBillingError(e);
  }
}
