import { NextResponse, type NextRequest } from "next/server";
import type { Tx } from "@/lib/db/client";
import { AppError, toAppError } from "@/lib/errors";
import { jsonTextDepth, MAX_JSON_DEPTH } from "./input-limits";
import { errorResponse, readTextBody } from "./respond";

/**
 * The entry-point wrapper for webhooks from other services (Stripe, later GoHighLevel). Every
 * delivery goes through the same steps:
 *
 * 1. the raw body is read as text, with a size cap and the JSON depth cap, before anything parses
 *    it: signatures are computed over the exact bytes sent;
 * 2. `verify` checks the signature and the envelope's shape; a failure is the sender's fault and is
 *    answered 4xx (never 500), with nothing stored or changed;
 * 3. the event is stored in the source's inbox first, committed, so it is on record whatever
 *    happens next;
 * 4. `handle` runs once per event id, in the inbox's transaction, which records the outcome; a
 *    repeat delivery of a handled event changes nothing and is answered 200 `duplicate`;
 * 5. a failure while handling is stored with the event: bad input found then is answered 4xx,
 *    anything else 500, so the sender retries later.
 *
 * Unknown event types are handled as `ignored` (200): senders must not retry what we never act on.
 */

export type WebhookEvent = { id: string; type: string };

export type WebhookOutcome = {
  outcome: "processed" | "ignored";
  /** The organization the event turned out to concern, when there is one. */
  organizationId?: string | null;
  /** Why an event was ignored, or what was done, for the inbox and the response. */
  detail?: string;
};

export type WebhookInbox<E extends WebhookEvent> = {
  /** Stores the event as received (a repeat delivery only counts); committed before handling. */
  store(event: E): Promise<void>;
  /**
   * Runs `handle` unless the event was handled already (then returns null), in one transaction
   * that also records the outcome, so an event is handled at most once even when deliveries race.
   */
  process(event: E, handle: (tx: Tx) => Promise<WebhookOutcome>): Promise<WebhookOutcome | null>;
  /** Records why handling failed, after its transaction rolled back. */
  fail(event: E, message: string): Promise<void>;
};

export type WebhookDefinition<E extends WebhookEvent> = {
  /** Who sends it, for messages and logs ("Stripe"). */
  source: string;
  /** The largest body accepted, in bytes. */
  maxBytes?: number;
  /** Checks the signature over the raw body and returns the event; throws AppError (4xx) if not. */
  verify(rawBody: string, request: NextRequest): E | Promise<E>;
  inbox: WebhookInbox<E>;
  handle(event: E, tx: Tx): Promise<WebhookOutcome>;
};

export type WebhookResponseBody = {
  received: true;
  id: string;
  type: string;
  outcome: WebhookOutcome["outcome"] | "duplicate";
  detail?: string;
};

export function defineWebhook<E extends WebhookEvent>(definition: WebhookDefinition<E>) {
  const maxBytes = definition.maxBytes ?? 1024 * 1024;
  const tag = `[webhook:${definition.source.toLowerCase()}]`;

  return async function webhook(request: NextRequest): Promise<Response> {
    let event: E;
    try {
      const rawBody = await readRawBody(request, maxBytes);
      event = await definition.verify(rawBody, request);
      await definition.inbox.store(event);
    } catch (e) {
      return errorResponse(e);
    }

    try {
      const result = await definition.inbox.process(event, (tx) => definition.handle(event, tx));
      const body: WebhookResponseBody = result
        ? { received: true, id: event.id, type: event.type, outcome: result.outcome, detail: result.detail }
        : { received: true, id: event.id, type: event.type, outcome: "duplicate" };
      return NextResponse.json(body);
    } catch (e) {
      const error = toAppError(e);
      const stored = e instanceof AppError ? e.message : e instanceof Error ? e.message : String(e);
      if (error.code === "internal") console.error(`${tag} handling ${event.type} ${event.id} failed:`, e);
      await definition.inbox
        .fail(event, stored.slice(0, 2000))
        .catch((failure) => console.error(`${tag} could not record the failure of ${event.id}:`, failure));
      return NextResponse.json(error.toBody(), { status: error.status });
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Queued webhooks: stored, answered at once, handled later by a job

/**
 * What `accept` did with a verified delivery: `queued` (stored and a job queued to handle it),
 * `duplicate` (that event id was stored before: nothing changes) or `ignored` (stored, not acted
 * on, with why).
 */
export type QueuedOutcome = { outcome: "queued" | "duplicate" | "ignored"; detail?: string };

export type QueuedWebhookDefinition<E extends WebhookEvent, C> = {
  source: string;
  maxBytes?: number;
  /**
   * Checks the signature over the raw body and the envelope, returning the event or throwing an
   * AppError (4xx). It may record a refused delivery in a log of its own, never in a way that
   * stands in for the genuine event (a refused delivery's claimed id is not trusted).
   */
  verify(rawBody: string, request: NextRequest, context: C): E | Promise<E>;
  /** Stores the event (deduplicated on its id) and queues its handling; commits before answering. */
  accept(event: E, rawBody: string, request: NextRequest): Promise<QueuedOutcome>;
  /**
   * The status answered when the event could not be stored because of our own failure. Senders
   * that only retry some statuses (GoHighLevel retries 429 only) get one they retry; default 500.
   */
  unavailableStatus?: number;
};

/**
 * A webhook that is stored first and handled by a background job: raw body → `verify` (4xx on a
 * bad signature, shape or age, nothing stored in the inbox) → `accept` (stored and queued, or a
 * duplicate, or ignored) → 202 for queued, 200 otherwise. Handling happens in the job, once per
 * event, so the sender gets its answer in the time a signature check and an insert take.
 */
export function defineQueuedWebhook<E extends WebhookEvent, C = unknown>(
  definition: QueuedWebhookDefinition<E, C>,
) {
  const maxBytes = definition.maxBytes ?? 1024 * 1024;
  const tag = `[webhook:${definition.source.toLowerCase()}]`;

  return async function webhook(request: NextRequest, context: C): Promise<Response> {
    let event: E;
    let rawBody: string;
    try {
      rawBody = await readRawBody(request, maxBytes);
      event = await definition.verify(rawBody, request, context);
    } catch (e) {
      return errorResponse(e);
    }
    try {
      const result = await definition.accept(event, rawBody, request);
      const body: WebhookResponseBody | (Omit<WebhookResponseBody, "outcome"> & { outcome: "queued" }) = {
        received: true,
        id: event.id,
        type: event.type,
        outcome: result.outcome,
        ...(result.detail ? { detail: result.detail } : {}),
      };
      return NextResponse.json(body, { status: result.outcome === "queued" ? 202 : 200 });
    } catch (e) {
      const error = toAppError(e);
      if (error.code !== "internal" || e instanceof AppError) return errorResponse(e);
      console.error(`${tag} storing ${event.type} ${event.id} failed:`, e);
      const status = definition.unavailableStatus ?? 500;
      return NextResponse.json(
        new AppError(
          status === 429 ? "rate_limited" : "internal",
          "The event could not be stored just now; send it again later.",
        ).toBody(),
        { status, headers: status === 429 ? { "retry-after": "60" } : undefined },
      );
    }
  };
}

/** The raw body, size capped (413) and refused (400) when nested deeper than JSON may be. */
async function readRawBody(request: Request, maxBytes: number): Promise<string> {
  const text = await readTextBody(request, maxBytes);
  if (!text) throw new AppError("bad_request", "The request has no body.");
  if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new AppError("bad_request", `The body is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`);
  return text;
}
