import "server-only";
import { z } from "zod";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { securityOverviewSchema, type SecurityOverview } from "./schemas";

/** Reads about the caller's own account security, in the caller's transaction (auth.uid()). */

/** True while the caller has a verified second factor but the session is still aal1. */
export async function secondFactorPending(tx: Tx): Promise<boolean> {
  const [row] = await tx`select private.second_factor_pending() as pending`;
  return z.object({ pending: z.boolean() }).parse(row).pending;
}

/** Two-factor status, recovery codes left and sign-in sessions, in one statement. */
export async function securityOverview(tx: Tx): Promise<SecurityOverview> {
  const [row] = await tx`
    select private.my_verified_factor() as factor_id,
           private.recovery_codes_left() as recovery_codes_left,
           coalesce((select json_agg(s) from private.my_sessions() s), '[]'::json) as sessions`;
  const parsed = z
    .object({
      factor_id: z.uuid().nullable(),
      recovery_codes_left: z.number(),
      sessions: z.array(z.record(z.string(), z.unknown())),
    })
    .parse(row);
  const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  return securityOverviewSchema.parse({
    ...parsed,
    sessions: parsed.sessions.map((s) => ({
      ...s,
      signed_in_at: date(s.signed_in_at),
      last_active_at: date(s.last_active_at),
    })),
  });
}

/** The profile's security sections, read as the signed-in user. */
export function readSecurityOverview(claims: UserClaims): Promise<SecurityOverview> {
  return withUser(claims, (tx) => securityOverview(tx));
}
