import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local stand-in for the Stripe API, for tests: the endpoints billing calls (customers create /
 * retrieve, checkout sessions create / retrieve, billing portal sessions create, subscriptions
 * retrieve), speaking Stripe's protocol (form-encoded requests with bracketed keys, bearer-key
 * auth, idempotency keys, Stripe's object and error shapes), so the app's real `stripe` SDK talks
 * to it unchanged through its host/port/protocol options.
 *
 * What Stripe itself does between those calls (a customer paying on the checkout page, a renewal
 * failing, a cancellation) the tests do with the helpers below, then send the signed webhook
 * events Stripe would send, signed with the SDK's own generateTestHeaderString.
 */

export const TEST_SECRET_KEY = "sk_test_orgflow_local_0000000000";
export const TEST_WEBHOOK_SECRET = "whsec_orgflow_local_0000000000";

export type TestPrice = { id: string; interval: "month" | "year"; unitAmount: number; currency?: string };

type StripeObject = Record<string, unknown> & { id: string; object: string };
export type StripeTestEvent = StripeObject & { object: "event"; type: string; created: number };

export type RecordedRequest = {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | null;
  stripeVersion: string | null;
};

export type SignedDelivery = { body: string; headers: Record<string, string> };

export type StripeTestServer = {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  /** The official SDK, pointed at this server. */
  stripe: Stripe;
  /** What the app's billing config reads, to point it here. */
  env: { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string; STRIPE_API_BASE: string };
  requests: RecordedRequest[];
  customers: Map<string, StripeObject>;
  checkoutSessions: Map<string, StripeObject>;
  subscriptions: Map<string, StripeObject>;
  /** The customer pays on the checkout page: the session completes with a new subscription. */
  completeCheckout(sessionId: string): { session: StripeObject; subscription: StripeObject };
  /** Changes a subscription as Stripe would (a trial ending, a plan change in the portal …). */
  updateSubscription(
    id: string,
    changes: { status?: string; priceId?: string; cancelAtPeriodEnd?: boolean },
  ): StripeObject;
  /** The subscription ends now (canceled in the portal, or after the last failed retry). */
  cancelSubscription(id: string): StripeObject;
  /** A renewal charge fails: the subscription goes past_due; returns the open invoice. */
  failPayment(subscriptionId: string): StripeObject;
  /** A charge succeeds: the subscription is active; returns the paid invoice. */
  payInvoice(subscriptionId: string, invoiceId?: string): StripeObject;
  /** An event as Stripe sends it, with a copy of `object` as it is now. */
  event(type: string, object: StripeObject, options?: { createdAt?: Date }): StripeTestEvent;
  /** The body and headers of a delivery of `event`, signed (or signed with another secret). */
  signed(event: StripeObject, options?: { secret?: string; timestamp?: number }): SignedDelivery;
  close(): Promise<void>;
};

const DAY = 86_400;

export async function startStripeTestServer(
  options: { port?: number; prices?: TestPrice[]; secretKey?: string; webhookSecret?: string } = {},
): Promise<StripeTestServer> {
  const secretKey = options.secretKey ?? TEST_SECRET_KEY;
  const webhookSecret = options.webhookSecret ?? TEST_WEBHOOK_SECRET;
  const prices = new Map((options.prices ?? defaultTestPrices()).map((p) => [p.id, p]));
  const requests: RecordedRequest[] = [];
  const customers = new Map<string, StripeObject>();
  const checkoutSessions = new Map<string, StripeObject>();
  const subscriptions = new Map<string, StripeObject>();
  const portalSessions = new Map<string, StripeObject>();
  const invoices = new Map<string, StripeObject>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let url = "";

  const now = () => Math.floor(Date.now() / 1000);
  const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

  function priceObject(priceId: string): StripeObject {
    const price = prices.get(priceId)!;
    return {
      id: price.id,
      object: "price",
      active: true,
      currency: price.currency ?? "usd",
      unit_amount: price.unitAmount,
      recurring: { interval: price.interval, interval_count: 1, usage_type: "licensed" },
      product: `prod_test_${price.id.replace(/^price_/, "")}`,
      type: "recurring",
      livemode: false,
    };
  }

  function subscriptionItems(subscriptionId: string, priceId: string, start: number, end: number) {
    return {
      object: "list",
      data: [
        {
          id: id("si"),
          object: "subscription_item",
          subscription: subscriptionId,
          price: priceObject(priceId),
          quantity: 1,
          current_period_start: start,
          current_period_end: end,
          metadata: {},
          created: start,
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${subscriptionId}`,
    };
  }

  const routes: Route[] = [
    route("POST", /^\/v1\/customers$/, (params) => {
      const customer: StripeObject = {
        id: id("cus"),
        object: "customer",
        created: now(),
        email: str(params.email),
        name: str(params.name),
        description: str(params.description),
        metadata: (params.metadata as Record<string, string>) ?? {},
        livemode: false,
      };
      customers.set(customer.id, customer);
      return customer;
    }),
    route("GET", /^\/v1\/customers\/([^/]+)$/, (_params, [customerId]) => {
      return customers.get(customerId!) ?? missing("customer", customerId!);
    }),
    route("DELETE", /^\/v1\/customers\/([^/]+)$/, (_params, [customerId]) => {
      if (!customers.has(customerId!)) return missing("customer", customerId!);
      const deleted = { id: customerId!, object: "customer", deleted: true };
      customers.set(customerId!, deleted);
      return deleted;
    }),
    route("POST", /^\/v1\/checkout\/sessions$/, (params) => {
      const mode = str(params.mode);
      if (!mode) return invalid("Missing required param: mode.", "mode");
      if (!str(params.success_url)) return invalid("Missing required param: success_url.", "success_url");
      const customer = str(params.customer);
      if (customer && (!customers.has(customer) || customers.get(customer)!.deleted)) {
        return missing("customer", customer, "customer");
      }
      const items = (params.line_items as Record<string, unknown>[] | undefined) ?? [];
      if (items.length === 0) return invalid("Missing required param: line_items.", "line_items");
      for (const [i, item] of items.entries()) {
        const price = str(item.price);
        if (!price || !prices.has(price)) return missing("price", price ?? "", `line_items[${i}][price]`);
      }
      const sessionId = id("cs");
      const session: StripeObject = {
        id: sessionId,
        object: "checkout.session",
        mode,
        status: "open",
        payment_status: "unpaid",
        customer: customer ?? null,
        client_reference_id: str(params.client_reference_id),
        metadata: (params.metadata as Record<string, string>) ?? {},
        subscription: null,
        success_url: str(params.success_url),
        cancel_url: str(params.cancel_url),
        allow_promotion_codes: params.allow_promotion_codes === "true",
        url: `${url}/c/pay/${sessionId}`,
        created: now(),
        expires_at: now() + DAY,
        livemode: false,
      };
      // Kept aside, as Stripe keeps them: they shape the subscription the session makes.
      checkoutSessions.set(sessionId, session);
      sessionInputs.set(sessionId, {
        priceId: str(items[0]!.price)!,
        subscriptionData: (params.subscription_data as Record<string, unknown>) ?? {},
      });
      return session;
    }),
    route("GET", /^\/v1\/checkout\/sessions\/([^/]+)$/, (_params, [sessionId]) => {
      return checkoutSessions.get(sessionId!) ?? missing("checkout.session", sessionId!);
    }),
    route("POST", /^\/v1\/billing_portal\/sessions$/, (params) => {
      const customer = str(params.customer);
      if (!customer) return invalid("Missing required param: customer.", "customer");
      if (!customers.has(customer)) return missing("customer", customer, "customer");
      const session: StripeObject = {
        id: id("bps"),
        object: "billing_portal.session",
        customer,
        return_url: str(params.return_url),
        url: "",
        created: now(),
        livemode: false,
        configuration: "bpc_test_default",
        flow: null,
        locale: null,
        on_behalf_of: null,
      };
      session.url = `${url}/p/session/${session.id}`;
      portalSessions.set(session.id, session);
      return session;
    }),
    route("GET", /^\/v1\/subscriptions\/([^/]+)$/, (_params, [subscriptionId]) => {
      return subscriptions.get(subscriptionId!) ?? missing("subscription", subscriptionId!);
    }),
  ];
  const sessionInputs = new Map<string, { priceId: string; subscriptionData: Record<string, unknown> }>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "GET" && /^\/(c\/pay|p\/session)\//.test(target.pathname)) {
        return sendHtml(res, hostedPage(target.pathname));
      }
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        return sendJson(res, 401, {
          error: {
            type: "invalid_request_error",
            message: `Invalid API Key provided: ${maskKey(req.headers.authorization)}`,
          },
        });
      }
      const body = Buffer.concat(chunks).toString("utf8");
      const params = { ...parseStripeForm(target.search.slice(1)), ...parseStripeForm(body) };
      const idempotencyKey = header(req, "idempotency-key");
      requests.push({
        method: req.method ?? "GET",
        path: target.pathname,
        params,
        idempotencyKey,
        stripeVersion: header(req, "stripe-version"),
      });
      const replayKey =
        idempotencyKey && req.method === "POST" ? `${target.pathname} ${idempotencyKey}` : null;
      const replay = replayKey ? idempotent.get(replayKey) : undefined;
      if (replay) return sendJson(res, replay.status, replay.body, { "Idempotent-Replayed": "true" });
      const match = routes.find((r) => r.method === req.method && r.path.test(target.pathname));
      const answer = match
        ? match.handle(params, match.path.exec(target.pathname)!.slice(1))
        : invalid(`Unrecognized request URL (${req.method}: ${target.pathname}).`, undefined, 404);
      const { status, body: out } =
        answer instanceof StripeErrorAnswer ? answer : { status: 200, body: answer };
      if (replayKey) idempotent.set(replayKey, { status, body: out });
      sendJson(res, status, out);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  const stripe = new Stripe(secretKey, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });

  function requireSubscription(subscriptionId: string): StripeObject {
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`No test subscription ${subscriptionId}`);
    return subscription;
  }

  function invoiceFor(subscription: StripeObject, paid: boolean, invoiceId = id("in")): StripeObject {
    const item = (subscription.items as { data: { price: { unit_amount: number; currency: string } }[] })
      .data[0]!;
    const start = now();
    const invoice: StripeObject = {
      id: invoiceId,
      object: "invoice",
      customer: subscription.customer,
      currency: item.price.currency,
      amount_due: item.price.unit_amount,
      amount_paid: paid ? item.price.unit_amount : 0,
      amount_remaining: paid ? 0 : item.price.unit_amount,
      attempt_count: 1,
      attempted: true,
      billing_reason: "subscription_cycle",
      number: `TEST-${invoices.size + 1001}`,
      description: null,
      hosted_invoice_url: `${url}/i/${invoiceId}`,
      status: paid ? "paid" : "open",
      status_transitions: { paid_at: paid ? start : null, finalized_at: start },
      period_start: start,
      period_end: start,
      parent: {
        type: "subscription_details",
        quote_details: null,
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
      livemode: false,
      created: start,
    };
    invoices.set(invoice.id, invoice);
    return invoice;
  }

  return {
    url,
    port,
    secretKey,
    webhookSecret,
    stripe,
    env: { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: url },
    requests,
    customers,
    checkoutSessions,
    subscriptions,

    completeCheckout(sessionId) {
      const session = checkoutSessions.get(sessionId);
      const input = sessionInputs.get(sessionId);
      if (!session || !input) throw new Error(`No test checkout session ${sessionId}`);
      if (session.status !== "open")
        throw new Error(`Checkout session ${sessionId} is ${String(session.status)}`);
      const start = now();
      const trialDays = Number(input.subscriptionData.trial_period_days ?? 0);
      const price = prices.get(input.priceId)!;
      const end = trialDays ? start + trialDays * DAY : start + (price.interval === "year" ? 365 : 30) * DAY;
      const subscriptionId = id("sub");
      const subscription: StripeObject = {
        id: subscriptionId,
        object: "subscription",
        customer: session.customer,
        status: trialDays ? "trialing" : "active",
        metadata: (input.subscriptionData.metadata as Record<string, string>) ?? {},
        items: subscriptionItems(subscriptionId, input.priceId, start, end),
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        trial_start: trialDays ? start : null,
        trial_end: trialDays ? end : null,
        created: start,
        start_date: start,
        currency: price.currency ?? "usd",
        collection_method: "charge_automatically",
        latest_invoice: null,
        livemode: false,
      };
      subscriptions.set(subscriptionId, subscription);
      Object.assign(session, {
        status: "complete",
        payment_status: trialDays ? "no_payment_required" : "paid",
        subscription: subscriptionId,
      });
      return { session, subscription };
    },

    updateSubscription(subscriptionId, changes) {
      const subscription = requireSubscription(subscriptionId);
      if (changes.status) subscription.status = changes.status;
      if (changes.cancelAtPeriodEnd !== undefined) {
        const item = (subscription.items as { data: { current_period_end: number }[] }).data[0]!;
        subscription.cancel_at_period_end = changes.cancelAtPeriodEnd;
        subscription.cancel_at = changes.cancelAtPeriodEnd ? item.current_period_end : null;
      }
      if (changes.priceId) {
        if (!prices.has(changes.priceId)) throw new Error(`No test price ${changes.priceId}`);
        const start = now();
        const interval = prices.get(changes.priceId)!.interval;
        subscription.items = subscriptionItems(
          subscriptionId,
          changes.priceId,
          start,
          start + (interval === "year" ? 365 : 30) * DAY,
        );
      }
      return subscription;
    },

    cancelSubscription(subscriptionId) {
      const subscription = requireSubscription(subscriptionId);
      Object.assign(subscription, {
        status: "canceled",
        canceled_at: now(),
        ended_at: now(),
        cancel_at_period_end: false,
      });
      return subscription;
    },

    failPayment(subscriptionId) {
      const subscription = requireSubscription(subscriptionId);
      subscription.status = "past_due";
      return invoiceFor(subscription, false);
    },

    payInvoice(subscriptionId, invoiceId) {
      const subscription = requireSubscription(subscriptionId);
      subscription.status = "active";
      return invoiceFor(subscription, true, invoiceId);
    },

    event(type, object, eventOptions = {}) {
      return {
        id: id("evt"),
        object: "event",
        api_version: Stripe.API_VERSION,
        created: Math.floor((eventOptions.createdAt?.getTime() ?? Date.now()) / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object: structuredClone(object) },
      };
    },

    signed(event, signOptions = {}) {
      const body = JSON.stringify(event, null, 2);
      const signature = stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: signOptions.secret ?? webhookSecret,
        ...(signOptions.timestamp ? { timestamp: signOptions.timestamp } : {}),
      });
      return { body, headers: { "content-type": "application/json", "stripe-signature": signature } };
    },

    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** The prices the plan catalog seeds (subscription_plans), as the test server knows them. */
export function defaultTestPrices(): TestPrice[] {
  const plans = [
    ["starter", 2900, 29000],
    ["professional", 9900, 99000],
    ["enterprise", 29900, 299000],
  ] as const;
  return plans.flatMap(([plan, monthly, yearly]) => [
    { id: `price_test_${plan}_monthly`, interval: "month" as const, unitAmount: monthly },
    { id: `price_test_${plan}_yearly`, interval: "year" as const, unitAmount: yearly },
  ]);
}

/**
 * Stripe's form encoding: `a[b][c]=x`, `items[0][price]=y`, `expand[0]=z` → nested objects, with
 * arrays where every key at a level is a number. Values stay strings, as they travel.
 */
export function parseStripeForm(encoded: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) continue;
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    let node: Record<string, unknown> = root;
    for (const [i, segment] of path.entries()) {
      const key = segment === "" ? String(Object.keys(node).length) : segment;
      if (i === path.length - 1) node[key] = value;
      else node = (node[key] ??= {}) as Record<string, unknown>;
    }
  }
  return arraysFromIndexes(root) as Record<string, unknown>;
}

function arraysFromIndexes(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => [k, arraysFromIndexes(v)] as const,
  );
  const numeric = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
  if (numeric) return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  return Object.fromEntries(entries);
}

type Answer = StripeObject | StripeErrorAnswer;
type Route = {
  method: string;
  path: RegExp;
  handle: (params: Record<string, unknown>, groups: string[]) => Answer;
};

function route(method: string, path: RegExp, handle: Route["handle"]): Route {
  return { method, path, handle };
}

class StripeErrorAnswer {
  constructor(
    readonly status: number,
    readonly body: { error: Record<string, unknown> },
  ) {}
}

function invalid(message: string, param?: string, status = 400): StripeErrorAnswer {
  return new StripeErrorAnswer(status, {
    error: { type: "invalid_request_error", message, ...(param ? { param } : {}) },
  });
}

function missing(kind: string, objectId: string, param = "id"): StripeErrorAnswer {
  return new StripeErrorAnswer(404, {
    error: {
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such ${kind}: '${objectId}'`,
      param,
    },
  });
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

function maskKey(authorization: string | undefined): string {
  const key = authorization?.replace(/^Bearer\s+/i, "") ?? "";
  return key ? `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : "(none)";
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": `req_test_${randomBytes(8).toString("hex")}`,
    "stripe-version": Stripe.API_VERSION,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendHtml(res: http.ServerResponse, html: string) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

function hostedPage(pathname: string): string {
  const checkout = pathname.startsWith("/c/pay/");
  const title = checkout ? "Test checkout" : "Test customer portal";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>This page stands in for Stripe's hosted ${checkout ? "Checkout" : "Customer Portal"} in tests.</p>
<p data-session>${pathname.split("/").pop()}</p></main></body></html>`;
}
