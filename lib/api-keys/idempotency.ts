import "server-only";
import { createHash } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AuthenticatedKey } from "./keys";

/**
 * `Idempotency-Key` on the REST API's POSTs, as Stripe has it: the first request with a key is
 * recorded per organization with a hash of its API key, method, path and body, and its answer is kept for
 * 24 hours; a retry with the same key gets that answer again (`Idempotent-Replayed: true`) and
 * does nothing twice. The same key on another request is a 422; a retry while the first is still
 * running is a 409. A failure a retry may repair (a 5xx, or a 400 for input that did nothing)
 * frees the key again.
 */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** A claim left unanswered this long (its process died) may be taken over by a retry. */
const ABANDONED_AFTER_SECONDS = 120;

export function idempotencyKeyOf(request: Request): string | null {
  const value = request.headers.get(IDEMPOTENCY_HEADER);
  if (value === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(value))
    throw new AppError(
      "bad_request",
      "An Idempotency-Key is 1 to 255 visible ASCII characters (a UUID is a good choice).",
    );
  return value;
}

export type IdempotentClaim = { keep(response: Response): Promise<void> };

const beginSchema = z.object({
  outcome: z.enum(["new", "replay", "mismatch", "pending"]),
  response_status: z.int().nullable(),
  response_body: z.unknown(),
});

/** The first answer again, or a claim whose `keep` records this request's answer. */
export async function beginIdempotent(
  key: AuthenticatedKey,
  idempotencyKey: string,
  request: NextRequest,
  rawBody: string,
): Promise<{ replay: Response; claim?: undefined } | { replay?: undefined; claim: IdempotentClaim }> {
  // The API key is part of what must match: another key of the organization (with other
  // permissions) sending the same Idempotency-Key gets a 422, never this key's answer.
  const hash = createHash("sha256")
    .update(`${key.id}\n${request.method} ${request.nextUrl.pathname}\n${rawBody}`)
    .digest("hex");
  const org = key.organizationId;
  const row = beginSchema.parse(
    (
      await withServiceRoleBypassingRls(
        (tx) => tx`select * from private.api_idempotency_begin(${org}, ${idempotencyKey}, ${hash},
                                                               ${key.id}, ${ABANDONED_AFTER_SECONDS})`,
      )
    )[0],
  );
  if (row.outcome === "mismatch")
    throw new AppError(
      "unprocessable",
      "This Idempotency-Key was already used for another request. Use a new key for a new request.",
    );
  if (row.outcome === "pending")
    throw new AppError(
      "conflict",
      "A request with this Idempotency-Key is still being answered. Retry later.",
    );
  if (row.outcome === "replay") {
    const replay = NextResponse.json(row.response_body, { status: row.response_status ?? 200 });
    replay.headers.set("Idempotent-Replayed", "true");
    return { replay };
  }
  return {
    claim: {
      async keep(response) {
        // A 5xx (our failure, which a retry may not meet again) or a 400 (nothing was done) frees
        // the key for the retry; any other answer is the request's answer for good.
        const keep = response.status < 500 && response.status !== 400;
        const body = keep
          ? await response
              .clone()
              .json()
              .catch(() => null)
          : null;
        await withServiceRoleBypassingRls(
          (tx) => tx`select private.api_idempotency_finish(${org}, ${idempotencyKey}, ${hash},
                                                           ${keep ? response.status : null}, ${tx.json(body as never)})`,
        );
      },
    },
  };
}
