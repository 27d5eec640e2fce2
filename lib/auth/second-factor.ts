import "server-only";
import type { UserClaims } from "@/lib/db/client";
import { withUserPipelined } from "@/lib/db/client";
import { parsePending, secondFactorPendingQuery } from "@/lib/security/queries";

/**
 * Whether a session still owes its second factor: the token is aal1 and the user has a verified
 * TOTP factor (Supabase MFA). An aal2 token never does, so MFA users pay nothing; for an aal1 token
 * the answer comes from SQL (private.second_factor_pending, one pipelined round trip), because the token cannot say whether
 * a factor was verified since it was issued. A "no" is remembered per session for half a minute,
 * so most requests of users without MFA skip the round trip; enrolling from another device also
 * ends every aal1 session at the auth server, so a remembered "no" is at most that old.
 */

const NO_FACTOR_TTL_MS = 30_000;
const MAX_REMEMBERED = 10_000;
const noFactorUntil = new Map<string, number>();

export async function secondFactorPending(claims: UserClaims): Promise<boolean> {
  if (claims.aal === "aal2") return false;
  const sessionId = typeof claims.session_id === "string" ? claims.session_id : null;
  const now = Date.now();
  if (sessionId && (noFactorUntil.get(sessionId) ?? 0) > now) return false;
  const pending = parsePending(
    await withUserPipelined(claims, (tx, commitWith) => commitWith(secondFactorPendingQuery(tx))),
  );
  if (!pending && sessionId) {
    if (noFactorUntil.size >= MAX_REMEMBERED) noFactorUntil.clear();
    noFactorUntil.set(sessionId, now + NO_FACTOR_TTL_MS);
  }
  return pending;
}

/** After this session turned two-factor authentication on, its "no" must not be remembered. */
export function forgetSecondFactorAnswer(sessionId: unknown): void {
  if (typeof sessionId === "string") noFactorUntil.delete(sessionId);
}
