import "server-only";
import { z } from "zod";
import { withUserPipelined, type Tx, type UserClaims } from "@/lib/db/client";
import { sessionRowSchema, type SecurityOverview } from "./schemas";

/** Reads about the caller's own account security, in the caller's transaction (auth.uid()). */

const pendingRowSchema = z.object({ pending: z.boolean() });

/** The statement behind secondFactorPending, not yet sent (for a pipelined transaction's commitWith). */
export function secondFactorPendingQuery(tx: Tx) {
  return tx`select private.second_factor_pending() as pending`;
}

/** secondFactorPendingQuery's answer: true while the caller has a verified second factor but the session is still aal1. */
export const parsePending = ([row]: readonly unknown[]): boolean => pendingRowSchema.parse(row).pending;

/** Timestamps arrive as JSON strings inside json_agg. */
const jsonDate = z
  .string()
  .nullable()
  .transform((v) => (v === null ? null : new Date(v)));

const overviewRowSchema = z.object({
  factor_id: z.uuid().nullable(),
  recovery_codes_left: z.number().int(),
  sessions: z.array(sessionRowSchema.extend({ signed_in_at: jsonDate, last_active_at: jsonDate })),
});

/** Two-factor status, recovery codes left and sign-in sessions, in one statement (not yet sent). */
export function securityOverviewQuery(tx: Tx) {
  return tx`
    select private.my_verified_factor() as factor_id,
           private.recovery_codes_left() as recovery_codes_left,
           coalesce((select json_agg(s) from private.my_sessions() s), '[]'::json) as sessions`;
}

const parseSecurityOverview = ([row]: readonly unknown[]): SecurityOverview => overviewRowSchema.parse(row);

/**
 * The profile's security sections, read as the signed-in user in one database round trip (BEGIN,
 * the role switch, the statement and COMMIT travel together; it runs beside the app shell's read).
 */
export async function readSecurityOverview(claims: UserClaims): Promise<SecurityOverview> {
  return parseSecurityOverview(
    await withUserPipelined(claims, (tx, commitWith) => commitWith(securityOverviewQuery(tx))),
  );
}
